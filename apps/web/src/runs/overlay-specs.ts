import { lineChartSpec, trainingCurvePanels, trainingCurvePoints, type LinePoint } from '@signflow/metrics/specs';
import type { TopLevelSpec } from 'vega-lite';
import type { RunDocument } from '@signflow/dashboard/contract';
import { interactive } from '../ui/interactive-spec.js';

/** One chart of the overlay: a training-curve panel with every selected run on it. */
export interface OverlayChart {
  /** The panel's key (`loss`, `accuracy`, `lr`, `o`, …). */
  readonly key: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** Below this many epochs every value is drawn as a point too, so a 1-epoch run is visible. */
const POINTS_UP_TO = 30;

/** Legend names of runs: their labels, with ` (2)`, ` (3)` … where two selected runs share one. */
export function uniqueLabels(docs: readonly RunDocument[]): string[] {
  const seen = new Map<string, number>();
  return docs.map((doc) => {
    const n = (seen.get(doc.row.label) ?? 0) + 1;
    seen.set(doc.row.label, n);
    return n === 1 ? doc.row.label : `${doc.row.label} (${n})`;
  });
}

/**
 * The training-curve panels of metrics' `trainingCurveSpecs` with several runs overlaid: one line
 * per run (and per series on panels with several, e.g. `run: test top-1`), epoch on the x axis;
 * loss, accuracy, learning rate, every scheduled hyper-parameter (o, t, …), the indicators and
 * the flip ratio. Panels no selected run has values for are left out.
 */
export function overlayCharts(docs: readonly RunDocument[]): OverlayChart[] {
  const labels = uniqueLabels(docs);
  const longest = Math.max(0, ...docs.map((d) => d.records.length));
  const charts: OverlayChart[] = [];
  // The panels of all runs together: each scheduled hyper-parameter any of them logs gets one.
  for (const panel of trainingCurvePanels(docs.flatMap((d) => d.records))) {
    const points: LinePoint[] = docs.flatMap((doc, i) => {
      const runPoints = trainingCurvePoints(doc.records, panel, `${labels[i]}: `);
      return panel.series.length === 1 ? runPoints.map((p) => ({ ...p, series: labels[i] })) : runPoints;
    });
    if (points.length === 0) continue;
    const spec = lineChartSpec(points, { title: panel.title, xTitle: 'epoch', yTitle: panel.yTitle, logY: panel.logY, points: longest <= POINTS_UP_TO });
    charts.push({ key: panel.file, title: panel.title, spec: interactive(spec) });
  }
  return charts;
}
