import { SCHEDULE_KINDS, scheduleValue, validateSchedule, type ScheduleKind, type ScheduleSpec } from '@signflow/core';
import type { TopLevelSpec } from 'vega-lite';
import { lineChartSpec, type LinePoint } from './line-chart.js';

/** Options of {@link scheduleCurves}. */
export interface ScheduleCurveOptions {
  /** Final exponent; the schedules go from 1 to it. Default 3. */
  readonly oEnd?: number;
  /** Number of epochs E; o is drawn at e = 0 … E − 1 with progress e / E. Default 1000. */
  readonly epochs?: number;
  /** Which schedule kinds; default all of core's. */
  readonly kinds?: readonly ScheduleKind[];
  /** Exponent of the `power` kind; default core's. */
  readonly power?: number;
}

/** The schedule of `kind` from 1 to `oEnd` (`fixed`: o_end throughout, the appendix's fixed strategy). */
function scheduleOf(kind: ScheduleKind, oEnd: number, power: number | undefined): ScheduleSpec {
  if (kind === 'fixed') return validateSchedule({ kind, value: oEnd });
  return validateSchedule(kind === 'power' && power !== undefined ? { kind, from: 1, to: oEnd, power } : { kind, from: 1, to: oEnd });
}

/** Samples the o schedules of the appendix's Fig. 3 per epoch, as the training clock applies them. */
export function scheduleCurves(options: ScheduleCurveOptions = {}): LinePoint[] {
  const oEnd = options.oEnd ?? 3;
  const epochs = options.epochs ?? 1000;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`scheduleCurves: epochs = ${String(epochs)} must be an integer >= 1.`);
  const points: LinePoint[] = [];
  for (const kind of options.kinds ?? SCHEDULE_KINDS) {
    const spec = scheduleOf(kind, oEnd, options.power);
    for (let e = 0; e < epochs; e++) points.push({ x: e, y: scheduleValue(spec, e / epochs), series: kind });
  }
  return points;
}

/** The o schedules figure (appendix Fig. 3): o against epoch, one line per schedule kind. */
export function schedulePlotSpec(options: ScheduleCurveOptions = {}): TopLevelSpec {
  return lineChartSpec(scheduleCurves(options), { title: `o schedules from 1 to o_end = ${options.oEnd ?? 3}`, xTitle: 'epoch', yTitle: 'o' });
}
