import { join } from 'node:path';
import { indicatorPlotSpec, type IndicatorPoint } from './indicator-spec.js';
import { writePlot, type PlotWriteOptions } from './render.js';

/** Writes {@link indicatorPlotSpec} to `<outDir>/indicators-vs-o-end.svg`; returns the paths written. */
export async function writeIndicatorPlot(outDir: string, points: readonly IndicatorPoint[], options: PlotWriteOptions = {}): Promise<string[]> {
  return writePlot(indicatorPlotSpec(points), join(outDir, 'indicators-vs-o-end.svg'), options);
}
