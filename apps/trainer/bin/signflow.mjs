#!/usr/bin/env node
// The `signflow` command inside the workspace. Runs the TypeScript sources directly: tsx compiles
// them on the fly, and the `@signflow/source` export condition makes every workspace package
// resolve to its sources, so no build step is needed before the first run. The published package
// runs the same entry point compiled to dist/cli.js instead (package.json: publishConfig.bin).
import { register as registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { register as registerTsx } from 'tsx/esm/api';

// The workspace's compiler settings (decorators for dependency injection), whatever the cwd.
registerTsx({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
registerHooks('./source-condition-hook.mjs', import.meta.url);

await import('../src/cli.ts');
