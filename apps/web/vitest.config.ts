import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

/** Unit tests next to the sources, the bundle check in test/, browser tests in e2e/ (one file at a time: they share the machine's cores). */
export default mergeConfig(sharedVitestConfig, {
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    fileParallelism: false,
  },
});
