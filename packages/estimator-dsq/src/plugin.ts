import { type EstimatorPlugin } from '@signflow/core';
import { createDSQ, type DSQConfig } from './dsq.js';

/** The DSQ plugin (binary case), id `'dsq'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<DSQConfig> = Object.freeze({
  id: 'dsq',
  description: 'DSQ, differentiable soft quantization (ICCV 2019), 1 bit: sign forward, gradient of s·tanh(k·x) on [−1, 1]',
  create: createDSQ,
});
