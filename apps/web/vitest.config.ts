import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

/** Unit tests next to the sources, server tests in test/, browser tests in e2e/ (one file at a time: they share one machine's two cores). */
export default mergeConfig(sharedVitestConfig, {
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    fileParallelism: false,
  },
});
