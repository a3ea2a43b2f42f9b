import { mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// One test file at a time: the training-step tests of the large models block the event loop
// for tens of seconds on the cpu backend; beside another file they can pass Vitest's 60 s RPC
// timeout.
export default mergeConfig(sharedVitestConfig, { test: { fileParallelism: false } });
