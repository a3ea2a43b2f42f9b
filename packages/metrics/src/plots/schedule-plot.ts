import { join } from 'node:path';
import { schedulePlotSpec, type ScheduleCurveOptions } from './schedule-curves.js';
import { writePlot, type PlotWriteOptions } from './render.js';

/** Writes {@link schedulePlotSpec} to `<outDir>/<hyper>-schedules.svg`; returns the paths written. */
export async function writeSchedulePlot(outDir: string, options: ScheduleCurveOptions & PlotWriteOptions = {}): Promise<string[]> {
  const hyper = options.hyper ?? 'o';
  if (!/^[A-Za-z0-9_-]+$/.test(hyper)) throw new RangeError(`writeSchedulePlot: hyper = '${hyper}' must be a plain name (letters, digits, _ and -).`);
  return writePlot(schedulePlotSpec(options), join(outDir, `${hyper}-schedules.svg`), options);
}
