import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempWorkspace } from './temp-workspace.js';

const NX = 'nx/dist/bin/nx.js';
const VITEST = 'vitest/vitest.mjs';
const TSC = 'typescript/bin/tsc';
const ESLINT = 'eslint/bin/eslint.js';
const PACKAGE = 'packages/estimator-demo';

// What an author writes: the clipped identity the scaffold implements, decided in float32.
const FILLED_REFERENCE = `import type { DemoConfig } from '../src/index.js';

/** The clipped identity of the straight-through estimator, decided against float32(clip). */
export function referenceGrad(config: DemoConfig): (x: number) => number {
  return (x: number): number => (Math.abs(x) <= Math.fround(config.clip) ? 1 : 0);
}
`;

// A wrong reference (the identity, unclipped), which the conformance kit must reject.
const WRONG_REFERENCE = FILLED_REFERENCE.replace('(Math.abs(x) <= Math.fround(config.clip) ? 1 : 0)', '1');

describe('nx g @signflow/tools:estimator demo, in a copy of the workspace', () => {
  let workspace: TempWorkspace;
  let generated: string;

  beforeAll(() => {
    workspace = new TempWorkspace();
    generated = workspace.mustRun('.', NX, ['g', '@signflow/tools:estimator', 'demo', '--no-interactive']);
  });

  afterAll(() => workspace?.dispose());

  it('creates the package and the docs page and prints the next steps', () => {
    expect(generated).toContain(`CREATE ${PACKAGE}/src/demo.ts`);
    expect(generated).toContain('CREATE docs/estimators/demo.md');
    expect(generated).toMatch(/1\. npm install/);
    expect(existsSync(join(workspace.root, PACKAGE, 'test/conformance.test.ts'))).toBe(true);
  });

  it('registers an Nx project with the estimator tags', () => {
    const shown = JSON.parse(workspace.mustRun('.', NX, ['show', 'project', 'estimator-demo', '--json'])) as { tags: string[] };
    // Nx adds its own npm:* tags to package.json projects.
    expect(shown.tags.filter((tag) => !tag.startsWith('npm:'))).toEqual(['type:estimator', 'scope:published']);
  });

  it('fails its conformance test with the fill-in message until the reference is written', () => {
    const result = workspace.run(PACKAGE, VITEST, ['run']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('fill in the reference pseudo-gradient of demo in test/reference.ts');
    expect(result.output).toMatch(/validation\.test\.ts \(6 tests\)/);
  });

  it('fails its conformance test when the reference is wrong', () => {
    writeFileSync(join(workspace.root, PACKAGE, 'test/reference.ts'), WRONG_REFERENCE);
    const result = workspace.run(PACKAGE, VITEST, ['run', 'test/conformance.test.ts']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/pseudo-gradient matches the reference/);
  });

  it('with the reference written, passes its tests, typecheck, lint and build', () => {
    writeFileSync(join(workspace.root, PACKAGE, 'test/reference.ts'), FILLED_REFERENCE);
    expect(workspace.mustRun(PACKAGE, VITEST, ['run'])).toMatch(/Test Files {2}2 passed \(2\)/);
    workspace.mustRun(PACKAGE, TSC, ['-p', 'tsconfig.json', '--noEmit']);
    workspace.mustRun(PACKAGE, ESLINT, ['.', '--max-warnings', '0']);
    // The package build reads core's declarations from its dist, as a published package would.
    workspace.mustRun('packages/core', TSC, ['-p', 'tsconfig.lib.json']);
    workspace.mustRun(PACKAGE, TSC, ['-p', 'tsconfig.lib.json']);
    for (const file of ['index.js', 'index.d.ts', 'demo.js', 'plugin.js']) {
      expect(existsSync(join(workspace.root, PACKAGE, 'dist', file)), file).toBe(true);
    }
  });
});
