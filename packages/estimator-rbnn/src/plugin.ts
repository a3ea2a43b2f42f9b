import { type EstimatorPlugin, type PluginSchedule } from '@signflow/core';
import type { RBNNConfig } from './config.js';
import { createRBNN } from './rbnn.js';

/**
 * RBNN's schedule (`cifar/main.py`, `cpt_tk`): t(e) = 10^(log10 T_min + (log10 T_max − log10 T_min)·e/E)
 * at the start of epoch e of E, log-linear from T_min = 0.01 to T_max = 10, for weights and
 * activations alike. k follows t unless fixed.
 */
export const RBNN_SCHEDULES: readonly PluginSchedule[] = Object.freeze([
  Object.freeze({ hyper: 't', schedule: Object.freeze({ kind: 'exp' as const, from: 0.01, to: 10 }) }),
]);

/** The RBNN plugin, id `'rbnn'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<RBNNConfig> = Object.freeze({
  id: 'rbnn',
  description: "RBNN's estimator (NeurIPS 2020): sign forward, max(0, k·(√2·t − t²·|x|)) gradient, t raised log-linearly per epoch",
  create: createRBNN,
  defaultSchedules: RBNN_SCHEDULES,
  roleDefaults: Object.freeze({ activations: Object.freeze({ mode: 'activations' as const }) }),
});
