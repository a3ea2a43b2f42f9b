import { join } from 'node:path';
import { indicatorPlotSpec, type IndicatorPlotOptions, type IndicatorPoint } from './indicator-spec.js';
import { writePlot, type PlotWriteOptions } from './render.js';

/**
 * Writes {@link indicatorPlotSpec} to `<outDir>/indicators-vs-<xTitle>.svg` (`_` written as `-`,
 * so `indicators-vs-o-end.svg` by default); returns the paths written.
 */
export async function writeIndicatorPlot(
  outDir: string,
  points: readonly IndicatorPoint[],
  options: IndicatorPlotOptions & PlotWriteOptions = {},
): Promise<string[]> {
  const stem = (options.xTitle ?? 'o_end').replace(/[^A-Za-z0-9]+/g, '-');
  return writePlot(indicatorPlotSpec(points, options), join(outDir, `indicators-vs-${stem}.svg`), options);
}
