import { type EstimatorPlugin } from '@signflow/core';
import { createFDA, type FDAConfig } from './fda.js';

/** The FDA plugin, id `'fda'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<FDAConfig> = Object.freeze({
  id: 'fda',
  description: 'FDA, frequency domain approximation (NeurIPS 2021): sign forward, gradient of the n-term Fourier series of sign',
  create: createFDA,
});
