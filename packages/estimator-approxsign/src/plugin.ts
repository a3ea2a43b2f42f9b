import { type EstimatorPlugin } from '@signflow/core';
import { createApproxSign, type ApproxSignConfig } from './approxsign.js';

/** The ApproxSign plugin, id `'approxsign'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<ApproxSignConfig> = Object.freeze({
  id: 'approxsign',
  description: "Bi-Real Net's ApproxSign (ECCV 2018): sign forward, max(0, 2 − 2|x|) gradient",
  create: createApproxSign,
});
