import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import { createFDA, type FDAConfig } from './fda.js';

/** The FDA plugin, id `'fda'`: register it with `registerEstimator(plugin)` or {@link register}. */
export const plugin: EstimatorPlugin<FDAConfig> = Object.freeze({
  id: 'fda',
  description: 'FDA, frequency domain approximation (NeurIPS 2021): sign forward, gradient of the n-term Fourier series of sign',
  create: createFDA,
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
