import { type EstimatorPlugin } from '@signflow/core';
import type { DoReFaConfig } from './config.js';
import { createDoReFa } from './create.js';

/**
 * The DoReFa plugin, id `'dorefa'`: register it with `registerPlugins(plugin)` from `@signflow/core`.
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
