import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import type { DoReFaConfig } from './config.js';
import { createDoReFa } from './create.js';

/** The DoReFa plugin, id `'dorefa'`: register it with `registerEstimator(plugin)` or {@link register}. */
export const plugin: EstimatorPlugin<DoReFaConfig> = Object.freeze({
  id: 'dorefa',
  description: 'DoReFa-Net: 1-bit sign weights with identity gradient, k-bit tanh weights, k-bit clipped activations',
  create: createDoReFa,
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
