import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import type { DoReFaConfig } from './config.js';
import { createDoReFa } from './create.js';

/**
 * The DoReFa plugin, id `'dorefa'`: register it with `registerEstimator(plugin)` or {@link register}.
 * Used for a whole network, it quantises weights in `'weights'` mode and layer inputs in
 * `'activations'` mode (`roleDefaults`), as DoReFa-Net does: at 1W/1A, sign weights with an
 * identity gradient and {0, 1} activations q(clip(a, 0, 1)) with the gradient clipped to [0, 1].
 * (Sign activations with an unclipped identity gradient diverge: their gradients grow through
 * every binary layer.)
 */
export const plugin: EstimatorPlugin<DoReFaConfig> = Object.freeze({
  id: 'dorefa',
  description: 'DoReFa-Net: 1-bit sign weights with identity gradient, k-bit tanh weights, k-bit clipped activations',
  create: createDoReFa,
  roleDefaults: Object.freeze({ activations: Object.freeze({ mode: 'activations' as const }) }),
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
