import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import { createDSQ, type DSQConfig } from './dsq.js';

/** The DSQ plugin (binary case), id `'dsq'`: register it with `registerEstimator(plugin)` or {@link register}. */
export const plugin: EstimatorPlugin<DSQConfig> = Object.freeze({
  id: 'dsq',
  description: 'DSQ, differentiable soft quantization (ICCV 2019), 1 bit: sign forward, gradient of s·tanh(k·x) on [−1, 1]',
  create: createDSQ,
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
