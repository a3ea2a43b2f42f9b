import { type EstimatorPlugin } from '@signflow/core';
import { createSTE, type STEConfig } from './ste.js';

/** The STE plugin, id `'ste'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<STEConfig> = Object.freeze({
  id: 'ste',
  description: 'Straight-through estimator: sign forward, identity gradient clipped at |x| <= clip',
  create: createSTE,
});
