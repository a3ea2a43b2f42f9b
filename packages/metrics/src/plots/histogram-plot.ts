import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Histogram } from '../indicators/histogram.js';
import { lineChartSpec, type LinePoint } from './line-chart.js';
import { writePlot, type PlotWriteOptions } from './render.js';

/** A histogram with the name of its line, e.g. `o_end = 3, epoch 100`. */
export interface HistogramSeries {
  /** Legend label. */
  readonly label: string;
  /** The counts. */
  readonly histogram: Histogram;
}

/** Axis and title of a histogram plot. */
export interface HistogramPlotOptions {
  /** Chart title; default `Distribution`. */
  readonly title?: string;
  /** Horizontal axis title; default `value`. */
  readonly xTitle?: string;
}

/**
 * Overlaid histograms as step lines (the appendix's Fig. 2). Each series is normalised to the
 * fraction of its values per bin, so that histograms of different sizes compare.
 */
export function histogramPlotSpec(series: readonly HistogramSeries[], options: HistogramPlotOptions = {}): TopLevelSpec {
  if (series.length === 0) throw new RangeError('histogramPlotSpec: no series; pass at least one { label, histogram }.');
  const points: LinePoint[] = [];
  for (const { label, histogram } of series) {
    const total = histogram.counts.reduce((a, c) => a + c, 0);
    if (total === 0) throw new RangeError(`histogramPlotSpec: the histogram '${label}' holds no value in its bins.`);
    histogram.counts.forEach((count, i) => {
      points.push({ x: (histogram.edges[i] + histogram.edges[i + 1]) / 2, y: count / total, series: label });
    });
  }
  return lineChartSpec(points, {
    title: options.title ?? 'Distribution',
    xTitle: options.xTitle ?? 'value',
    yTitle: 'fraction of values per bin',
    interpolate: 'step',
  });
}

/**
 * Writes {@link histogramPlotSpec} to `<outDir>/<name>.svg`; returns the paths written.
 *
 * @param name file stem, e.g. `fitting-error`
 */
export async function writeHistogramPlot(
  outDir: string,
  name: string,
  series: readonly HistogramSeries[],
  options: HistogramPlotOptions & PlotWriteOptions = {},
): Promise<string[]> {
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`writeHistogramPlot: name = ${JSON.stringify(name)} must be a plain file stem (letters, digits, . _ -).`);
  return writePlot(histogramPlotSpec(series, options), join(outDir, `${name}.svg`), options);
}
