import { type EstimatorPlugin, type PluginSchedule } from '@signflow/core';
import { createEDE, type EDEConfig } from './ede.js';

/**
 * IR-Net's schedule: t(e) = 10^(log10 0.1 + (log10 10 − log10 0.1)·e/E) at the start of epoch e of
 * E, i.e. log-linear from 0.1 to 10 (the paper and `VGG-Small/main.py`; `ResNet20/1w1a/trainer.py`
 * starts from 1e-3). k follows t unless fixed.
 */
export const EDE_SCHEDULES: readonly PluginSchedule[] = Object.freeze([
  Object.freeze({ hyper: 't', schedule: Object.freeze({ kind: 'exp' as const, from: 0.1, to: 10 }) }),
]);

/** The EDE plugin, id `'ede'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<EDEConfig> = Object.freeze({
  id: 'ede',
  description: "IR-Net's EDE (CVPR 2020): sign forward, k·t·(1 − tanh²(t·x)) gradient, t raised log-linearly per epoch",
  create: createEDE,
  defaultSchedules: EDE_SCHEDULES,
});
