import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { EPOCH_LOG_FILE, hyperFields, readEpochLog, type EpochRecord } from '../run-log/epoch-log.js';
import { lineChartSpec, type LinePoint } from './line-chart.js';
import { writePlot, type PlotWriteOptions } from './render.js';

interface CurvePanel {
  readonly file: string;
  readonly title: string;
  readonly yTitle: string;
  readonly series: readonly { field: string; label: string; scale?: number }[];
  readonly logY?: boolean;
}

/** The panels of a run's curves; accuracies are drawn in percent. */
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
 * The Vega-Lite specs of a run's training curves (loss, accuracy, learning rate, every scheduled
 * hyper-parameter, estimating error, gradient instability, flip ratio), keyed by file stem. A
 * panel appears only when the log has values for it; non-positive values are left out of
 * log-scale panels. A run of one epoch draws points.
 */
export function trainingCurveSpecs(records: readonly EpochRecord[]): Record<string, TopLevelSpec> {
  const specs: Record<string, TopLevelSpec> = {};
  const [loss, accuracy, lr, ...indicators] = PANELS;
  for (const panel of [loss, accuracy, lr, ...hyperPanels(records), ...indicators]) {
    const points: LinePoint[] = [];
    for (const s of panel.series) {
      for (const r of records) {
        const v = r[s.field];
        if (typeof v !== 'number' || !Number.isFinite(v) || (panel.logY && v <= 0)) continue;
        points.push({ x: r.epoch, y: v * (s.scale ?? 1), series: s.label });
      }
    }
    if (points.length === 0) continue;
    specs[panel.file] = lineChartSpec(points, { title: panel.title, xTitle: 'epoch', yTitle: panel.yTitle, logY: panel.logY, points: records.length === 1 });
  }
  return specs;
}

/**
 * Reads a run's epoch log and writes its training curves as SVG files (one per quantity).
 *
 * @param runDir the run directory, holding `epochs.jsonl`
 * @param outDir where to write; default `<runDir>/plots`
 * @returns the paths written
 */
export async function plotRun(runDir: string, outDir = join(runDir, 'plots'), options: PlotWriteOptions = {}): Promise<string[]> {
  const logPath = join(runDir, EPOCH_LOG_FILE);
  const records = await readEpochLog(logPath);
  if (records.length === 0) throw new RangeError(`plotRun: ${logPath} holds no epoch yet; plot the run after its first epoch.`);
  const written: string[] = [];
  for (const [file, spec] of Object.entries(trainingCurveSpecs(records))) {
    written.push(...(await writePlot(spec, join(outDir, `${file}.svg`), options)));
  }
  return written;
}
