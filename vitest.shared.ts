import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The Vitest settings every project shares. Each project has its own `vitest.config.ts` that
 * re-exports this (one config per project: a root config with `projects` would make a phantom
 * Nx project). Workspace packages resolve to their TypeScript sources through the
 * `@signflow/source` export condition, so tests never need a prior build.
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['@signflow/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@signflow/source', ...defaultServerConditions] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: [new URL('./vitest.setup.ts', import.meta.url).pathname],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
