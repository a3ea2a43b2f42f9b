import { SCHEDULE_KINDS, patchSchedule, scheduleValue, type ScheduleKind, type ScheduleSpec } from '@signflow/core';
import type { TopLevelSpec } from 'vega-lite';
import { lineChartSpec, type LinePoint } from './line-chart.js';

/** Options of {@link scheduleCurves}. */
export interface ScheduleCurveOptions {
  /** The hyper-parameter drawn, for titles and the file name; default `o`, ReSTE's exponent. */
  readonly hyper?: string;
  /** The schedule whose start and end every shape shares; default cosine from 1 to 3 (ReSTE's). */
  readonly base?: ScheduleSpec;
  /** Number of epochs E; the value is drawn at e = 0 … E − 1 with progress e / E. Default 1000. */
  readonly epochs?: number;
  /** Which schedule kinds; default all of core's. */
  readonly kinds?: readonly ScheduleKind[];
  /** Exponent of the `power` kind; default core's. */
  readonly power?: number;
}

const RESTE_BASE: ScheduleSpec = { kind: 'cosine', from: 1, to: 3 };

/**
 * Samples every schedule shape between the start and end of `base` per epoch, as the training
 * clock applies them (`fixed` holds the end value throughout; for ReSTE's o: the appendix's Fig. 3).
 */
export function scheduleCurves(options: ScheduleCurveOptions = {}): LinePoint[] {
  const epochs = options.epochs ?? 1000;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`scheduleCurves: epochs = ${String(epochs)} must be an integer >= 1.`);
  const base = options.base ?? RESTE_BASE;
  const points: LinePoint[] = [];
  for (const kind of options.kinds ?? SCHEDULE_KINDS) {
    const spec = patchSchedule(base, { kind, ...(kind === 'power' && options.power !== undefined ? { power: options.power } : {}) });
    for (let e = 0; e < epochs; e++) points.push({ x: e, y: scheduleValue(spec, e / epochs), series: kind });
  }
  return points;
}

function title(options: ScheduleCurveOptions): string {
  const hyper = options.hyper ?? 'o';
  const base = options.base ?? RESTE_BASE;
  const start = base.kind === 'fixed' ? base.value : base.from;
  const end = base.kind === 'fixed' ? base.value : base.to;
  return `${hyper} schedules from ${start} to ${hyper}_end = ${end}`;
}

/** The schedules figure: the hyper-parameter against epoch, one line per schedule kind. */
export function schedulePlotSpec(options: ScheduleCurveOptions = {}): TopLevelSpec {
  return lineChartSpec(scheduleCurves(options), { title: title(options), xTitle: 'epoch', yTitle: options.hyper ?? 'o' });
}
