import type { EstimatorPlugin, PluginSchedule, ScheduleSetting } from '@signflow/core';
import { createReSTE, type ReSTEConfig } from './reste.js';

/**
 * The authors' schedule of o: from 1 (the STE) to o_end = 3 along the cosine curve
 * 1 + 2·(1 − cos(π/2 · e/E)), evaluated at the start of each epoch (docs/method.md §3.2).
 */
export const RESTE_SCHEDULES: readonly PluginSchedule[] = Object.freeze([
  Object.freeze({ hyper: 'o', schedule: Object.freeze({ kind: 'cosine' as const, from: 1, to: 3 }) }),
]);

/**
 * The run settings ReSTE adds to the command line, config files and grid axes: `--o-end`
 * (`oEnd`), `--o-schedule` (`oSchedule`) and `--o-power` (`oPower`), the parts of o's schedule
 * the paper's experiments vary.
 */
export const RESTE_SETTINGS: readonly ScheduleSetting[] = Object.freeze([
  Object.freeze({ key: 'oEnd', flag: 'o-end', hyper: 'o', part: 'to' as const, description: "final value of ReSTE's o (default 3)" }),
  Object.freeze({
    key: 'oSchedule',
    flag: 'o-schedule',
    hyper: 'o',
    part: 'kind' as const,
    description: 'shape of the o schedule: cosine (default), linear, power, exp, or fixed (o_end from the first epoch)',
  }),
  Object.freeze({ key: 'oPower', flag: 'o-power', hyper: 'o', part: 'power' as const, description: 'exponent of the power o schedule (default 2)' }),
]);

/** The ReSTE plugin, id `'reste'`: register it with `registerPlugins(plugin)` from `@signflow/core`. */
export const plugin: EstimatorPlugin<ReSTEConfig> = Object.freeze({
  id: 'reste',
  description: 'ReSTE (ICCV 2023): sign forward, rectified power-law gradient sign(x)|x|^(1/o) with secant and clip',
  create: createReSTE,
  defaultSchedules: RESTE_SCHEDULES,
  settings: RESTE_SETTINGS,
  mainHyper: Object.freeze({ name: 'o', plotValues: Object.freeze([1, 2, 3]) }),
  // The estimating error measures the distance to sign(x)|x|^(1/o_end), the function o moves towards.
  indicatorExponent: (endHyper: Readonly<Record<string, number>>) => endHyper.o,
});
