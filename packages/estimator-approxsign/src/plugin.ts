import { TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import { createApproxSign, type ApproxSignConfig } from './approxsign.js';

/** The ApproxSign plugin, id `'approxsign'`: register it with `registerEstimator(plugin)` or {@link register}. */
export const plugin: EstimatorPlugin<ApproxSignConfig> = Object.freeze({
  id: 'approxsign',
  description: "Bi-Real Net's ApproxSign (ECCV 2018): sign forward, max(0, 2 − 2|x|) gradient",
  create: createApproxSign,
});

/** Registers {@link plugin} in the application's container under `TOKENS.EstimatorPlugin`. */
export function register(container: PluginContainer): void {
  container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
}
