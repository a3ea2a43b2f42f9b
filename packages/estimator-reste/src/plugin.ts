import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import { createReSTE, type ReSTEConfig } from './reste.js';

/** The ReSTE plugin, id `'reste'`: register it with `registerEstimator(plugin)` or {@link register}. */
export const plugin: EstimatorPlugin<ReSTEConfig> = Object.freeze({
  id: 'reste',
  description: 'ReSTE (ICCV 2023): sign forward, rectified power-law gradient sign(x)|x|^(1/o) with secant and clip',
  create: createReSTE,
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
