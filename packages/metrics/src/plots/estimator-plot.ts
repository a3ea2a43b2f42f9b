import { join } from 'node:path';
import { createEstimator, listEstimators, type Estimator } from '@signflow/core';
import { defaultSweep, estimatorCurves, estimatorPlotSpec, type HyperSweep } from './estimator-curves.js';
import { writePlot, type PlotWriteOptions } from './render.js';

/** Options of {@link writeEstimatorPlots}. */
export interface EstimatorPlotOptions extends PlotWriteOptions {
  /** Sweeps by estimator id; those absent fall back to {@link defaultSweep}. */
  readonly sweeps?: Readonly<Record<string, HyperSweep>>;
  /** Input interval; default [−2, 2]. */
  readonly range?: readonly [number, number];
}

/**
 * Draws estimators to `<outDir>/estimators.svg` (the CLI's `plot-estimators`).
 *
 * @param outDir the output folder
 * @param estimators instances, or registered ids created with their default config; default:
 *   every registered estimator
 * @returns the paths written
 */
export async function writeEstimatorPlots(
  outDir: string,
  estimators: readonly (string | Estimator)[] = listEstimators(),
  options: EstimatorPlotOptions = {},
): Promise<string[]> {
  if (estimators.length === 0) {
    throw new RangeError('writeEstimatorPlots: no estimator to draw; register an estimator plugin (e.g. @signflow/estimator-reste) or pass estimators.');
  }
  const curves = estimators.flatMap((e) => {
    const estimator = typeof e === 'string' ? createEstimator(e) : e;
    const sweep = options.sweeps?.[estimator.id] ?? defaultSweep(estimator.id);
    return estimatorCurves(estimator, { sweep, range: options.range });
  });
  return writePlot(estimatorPlotSpec(curves), join(outDir, 'estimators.svg'), options);
}
