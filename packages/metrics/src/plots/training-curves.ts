import { join } from 'node:path';
import { EPOCH_LOG_FILE } from '../run-log/epoch-log.js';
import { readEpochLog } from '../run-log/read-epoch-log.js';
import { writePlot, type PlotWriteOptions } from './render.js';
import { trainingCurveSpecs } from './training-curve-specs.js';

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
