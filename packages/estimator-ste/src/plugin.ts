import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import { createSTE, type STEConfig } from './ste.js';

/** The STE plugin, id `'ste'`: register it with `registerEstimator(plugin)` or {@link register}. */
export const plugin: EstimatorPlugin<STEConfig> = Object.freeze({
  id: 'ste',
  description: 'Straight-through estimator: sign forward, identity gradient clipped at |x| <= clip',
  create: createSTE,
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
