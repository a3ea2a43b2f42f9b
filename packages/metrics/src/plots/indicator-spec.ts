import type { TopLevelSpec } from 'vega-lite';
import { lineChartSpec, type LinePoint } from './line-chart.js';

/** The outcome of one run of a sweep (for ReSTE: of o_end). */
export interface IndicatorPoint {
  /** The swept value of the run, e.g. its o_end. */
  readonly x: number;
  /** Mean estimating error over the run's epochs. */
  readonly estimatingError: number;
  /** Summed gradient instability over the run's epochs. */
  readonly gradientInstability: number;
  /** Test top-1 accuracy in [0, 1]. */
  readonly top1: number;
  /** Which line the point belongs to (e.g. `1W/1A`, `progressive`); default one line. */
  readonly series?: string;
}

/** Options of {@link indicatorPlotSpec} and {@link writeIndicatorPlot}. */
export interface IndicatorPlotOptions {
  /** Title of the swept value's axis; default `o_end`. */
  readonly xTitle?: string;
}

/**
 * The paper's figure of the indicators against a swept value, o_end there (main paper Fig. 4,
 * appendix Fig. 1): three panels, estimating error, gradient instability and top-1 accuracy (%),
 * one line per series.
 */
export function indicatorPlotSpec(points: readonly IndicatorPoint[], options: IndicatorPlotOptions = {}): TopLevelSpec {
  if (points.length === 0) throw new RangeError('indicatorPlotSpec: no points; pass one { x, estimatingError, gradientInstability, top1 } per run.');
  const xTitle = options.xTitle ?? 'o_end';
  const panel = (pick: (p: IndicatorPoint) => number): LinePoint[] =>
    [...points].sort((a, b) => a.x - b.x).map((p) => ({ x: p.x, y: pick(p), series: p.series ?? 'runs' }));
  const charts = [
    lineChartSpec(panel((p) => p.estimatingError), { title: 'Estimating error', xTitle, yTitle: 'e', points: true }),
    lineChartSpec(panel((p) => p.gradientInstability), { title: 'Gradient instability', xTitle, yTitle: 's', points: true }),
    lineChartSpec(panel((p) => p.top1 * 100), { title: 'Top-1 accuracy', xTitle, yTitle: 'top-1 (%)', points: true }),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    hconcat: charts.map(({ $schema: _schema, ...chart }) => chart),
  } as TopLevelSpec;
}
