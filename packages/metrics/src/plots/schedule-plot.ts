import { join } from 'node:path';
import { schedulePlotSpec, type ScheduleCurveOptions } from './schedule-curves.js';
import { writePlot, type PlotWriteOptions } from './render.js';

/** Writes {@link schedulePlotSpec} to `<outDir>/o-schedules.svg`; returns the paths written. */
export async function writeSchedulePlot(outDir: string, options: ScheduleCurveOptions & PlotWriteOptions = {}): Promise<string[]> {
  return writePlot(schedulePlotSpec(options), join(outDir, 'o-schedules.svg'), options);
}
