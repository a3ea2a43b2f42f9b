import type { TopLevelSpec } from 'vega-lite';
import { hyperFields, type EpochRecord } from '../run-log/epoch-log.js';
import { lineChartSpec, type LinePoint } from './line-chart.js';

/** One panel of a run's training curves: a quantity (or several on one axis) against the epoch. */
export interface CurvePanel {
  /** File stem of the panel's plot, and its key in {@link trainingCurveSpecs}. */
  readonly file: string;
  /** Chart title. */
  readonly title: string;
  /** Vertical axis title. */
  readonly yTitle: string;
  /** The epoch-log fields drawn, their legend labels, and a factor (100 for percentages). */
  readonly series: readonly { readonly field: string; readonly label: string; readonly scale?: number }[];
  /** Logarithmic vertical axis. */
  readonly logY?: boolean;
}

/** The panels of a run's curves besides its hyper-parameters; accuracies are drawn in percent. */
const PANELS: readonly CurvePanel[] = [
  { file: 'loss', title: 'Loss', yTitle: 'cross-entropy', series: [{ field: 'loss', label: 'train' }, { field: 'testLoss', label: 'test' }] },
  {
    file: 'accuracy',
    title: 'Accuracy',
    yTitle: 'accuracy (%)',
    series: [
      { field: 'trainTop1', label: 'train top-1', scale: 100 },
      { field: 'top1', label: 'test top-1', scale: 100 },
      { field: 'top5', label: 'test top-5', scale: 100 },
    ],
  },
  { file: 'lr', title: 'Learning rate', yTitle: 'learning rate', series: [{ field: 'lr', label: 'lr' }], logY: true },
  { file: 'estimating-error', title: 'Estimating error', yTitle: 'e', series: [{ field: 'estimatingError', label: 'e' }] },
  { file: 'gradient-instability', title: 'Gradient instability', yTitle: 's', series: [{ field: 'gradientInstability', label: 's' }], logY: true },
  { file: 'flip-ratio', title: 'Flip ratio', yTitle: 'flipped weights per step (%)', series: [{ field: 'flipRatio', label: 'flip ratio', scale: 100 }] },
];

/** One panel per scheduled hyper-parameter of the log, named after it (e.g. ReSTE's `o`). */
function hyperPanels(records: readonly EpochRecord[]): CurvePanel[] {
  return hyperFields(records).map((name) => ({ file: name, title: `Hyper-parameter ${name}`, yTitle: name, series: [{ field: name, label: name }] }));
}

/**
 * The panels of a run's curves, in order: loss, accuracy, learning rate, one per scheduled
 * hyper-parameter found in `records`, estimating error, gradient instability, flip ratio. Pass the
 * records of several runs together to get the panels of all of them.
 */
export function trainingCurvePanels(records: readonly EpochRecord[]): CurvePanel[] {
  const [loss, accuracy, lr, ...indicators] = PANELS;
  return [loss, accuracy, lr, ...hyperPanels(records), ...indicators];
}

/**
 * The points of one panel for one run: epoch against each series' value (scaled), one line per
 * series label. Missing and non-finite values are left out, and non-positive ones on a log axis.
 *
 * @param records the run's epoch log
 * @param panel one of {@link trainingCurvePanels}
 * @param prefix put before each series label (e.g. a run's name, to overlay several runs)
 */
export function trainingCurvePoints(records: readonly EpochRecord[], panel: CurvePanel, prefix = ''): LinePoint[] {
  const points: LinePoint[] = [];
  for (const s of panel.series) {
    for (const r of records) {
      const v = r[s.field];
      if (typeof v !== 'number' || !Number.isFinite(v) || (panel.logY && v <= 0)) continue;
      points.push({ x: r.epoch, y: v * (s.scale ?? 1), series: `${prefix}${s.label}` });
    }
  }
  return points;
}

/**
 * The Vega-Lite specs of a run's training curves (loss, accuracy, learning rate, every scheduled
 * hyper-parameter, estimating error, gradient instability, flip ratio), keyed by file stem. A
 * panel appears only when the log has values for it; non-positive values are left out of
 * log-scale panels. A run of one epoch draws points.
 */
export function trainingCurveSpecs(records: readonly EpochRecord[]): Record<string, TopLevelSpec> {
  const specs: Record<string, TopLevelSpec> = {};
  for (const panel of trainingCurvePanels(records)) {
    const points = trainingCurvePoints(records, panel);
    if (points.length === 0) continue;
    specs[panel.file] = lineChartSpec(points, { title: panel.title, xTitle: 'epoch', yTitle: panel.yTitle, logY: panel.logY, points: records.length === 1 });
  }
  return specs;
}
