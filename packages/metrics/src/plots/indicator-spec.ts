import type { TopLevelSpec } from 'vega-lite';
import { lineChartSpec, type LinePoint } from './line-chart.js';

/** The outcome of one run of an o_end sweep. */
export interface IndicatorPoint {
  /** The run's o_end. */
  readonly oEnd: number;
  /** Mean estimating error over the run's epochs. */
  readonly estimatingError: number;
  /** Summed gradient instability over the run's epochs. */
  readonly gradientInstability: number;
  /** Test top-1 accuracy in [0, 1]. */
  readonly top1: number;
  /** Which line the point belongs to (e.g. `1W/1A`, `progressive`); default one line. */
  readonly series?: string;
}

/**
 * The paper's figure of the indicators against o_end (main paper Fig. 4, appendix Fig. 1): three
 * panels, estimating error, gradient instability and top-1 accuracy (%), one line per series.
 */
export function indicatorPlotSpec(points: readonly IndicatorPoint[]): TopLevelSpec {
  if (points.length === 0) throw new RangeError('indicatorPlotSpec: no points; pass one { oEnd, estimatingError, gradientInstability, top1 } per run.');
  const panel = (pick: (p: IndicatorPoint) => number): LinePoint[] =>
    [...points].sort((a, b) => a.oEnd - b.oEnd).map((p) => ({ x: p.oEnd, y: pick(p), series: p.series ?? 'runs' }));
  const charts = [
    lineChartSpec(panel((p) => p.estimatingError), { title: 'Estimating error', xTitle: 'o_end', yTitle: 'e', points: true }),
    lineChartSpec(panel((p) => p.gradientInstability), { title: 'Gradient instability', xTitle: 'o_end', yTitle: 's', points: true }),
    lineChartSpec(panel((p) => p.top1 * 100), { title: 'Top-1 accuracy', xTitle: 'o_end', yTitle: 'top-1 (%)', points: true }),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    hconcat: charts.map(({ $schema: _schema, ...chart }) => chart),
  } as TopLevelSpec;
}
