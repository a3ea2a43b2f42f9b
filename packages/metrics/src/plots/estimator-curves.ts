import * as tf from '@tensorflow/tfjs-core';
import { getEstimatorPlugin, hasEstimator, type Estimator } from '@signflow/core';
import type { TopLevelSpec } from 'vega-lite';
import { PANEL } from './panel.js';

/** Values of one hyper-parameter to draw an estimator at, one curve per value. */
export interface HyperSweep {
  /** The hyper-parameter's name, e.g. `o`. */
  readonly hyper: string;
  /** Its values, e.g. [1, 2, 3]. */
  readonly values: readonly number[];
}

/**
 * The sweep a registered plugin declares for its main hyper-parameter (`EstimatorPlugin.mainHyper`,
 * e.g. ReSTE's o at 1, 2 and 3 as in the paper's figure), or none: the estimator is then drawn
 * once, at its current configuration.
 */
export function defaultSweep(estimatorId: string): HyperSweep | undefined {
  const main = hasEstimator(estimatorId) ? getEstimatorPlugin(estimatorId).mainHyper : undefined;
  return main === undefined ? undefined : { hyper: main.name, values: main.plotValues };
}

/** One sample of an estimator's curves. */
export interface EstimatorCurvePoint {
  /** Estimator id. */
  readonly estimator: string;
  /** Which curve, e.g. `o = 2`. */
  readonly setting: string;
  /** Input value. */
  readonly x: number;
  /** The forward value (the quantised output). */
  readonly forward: number;
  /** The surrogate whose derivative the pseudo-gradient is, when the estimator declares one. */
  readonly surrogate?: number;
  /** The pseudo-gradient for an upstream gradient of 1. */
  readonly gradient: number;
}

/** Options of {@link estimatorCurves}. */
export interface EstimatorCurveOptions {
  /** Hyper-parameter values to draw; default: the current configuration only. */
  readonly sweep?: HyperSweep;
  /** Input interval; default [−2, 2]. */
  readonly range?: readonly [number, number];
  /** Number of samples, ends included; default 401 (steps of 0.01 on [−2, 2], 0 included). */
  readonly samples?: number;
}

function settingLabel(estimator: Estimator): string {
  const entries = Object.entries(estimator.hyper);
  return entries.length === 0 ? 'default' : entries.map(([k, v]) => `${k} = ${v}`).join(', ');
}

/**
 * Samples an estimator's forward value, surrogate and pseudo-gradient on a grid, once per value
 * of `sweep`. The estimator's hyper-parameters are restored afterwards.
 */
export function estimatorCurves(estimator: Estimator, options: EstimatorCurveOptions = {}): EstimatorCurvePoint[] {
  const [low, high] = options.range ?? [-2, 2];
  const samples = options.samples ?? 401;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`estimatorCurves: range = [${String(low)}, ${String(high)}] must be two finite numbers with low < high.`);
  }
  if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`estimatorCurves: samples = ${String(samples)} must be an integer >= 2.`);
  // Each x as a weighted mean of the ends, so that decimal grids such as 0.01 steps stay exact-ish and hit 0.
  const xs = Array.from({ length: samples }, (_, i) => (low * (samples - 1 - i) + high * i) / (samples - 1));
  const sweep = options.sweep;
  const original = sweep === undefined ? undefined : estimator.hyper[sweep.hyper];
  if (sweep !== undefined && original === undefined) {
    throw new RangeError(
      `estimatorCurves: estimator '${estimator.id}' has no hyper-parameter '${sweep.hyper}'; known: ${Object.keys(estimator.hyper).join(', ') || '(none)'}.`,
    );
  }
  const points: EstimatorCurvePoint[] = [];
  try {
    for (const value of sweep === undefined ? [undefined] : sweep.values) {
      if (sweep !== undefined && value !== undefined) estimator.setHyper(sweep.hyper, value);
      const setting = sweep === undefined ? settingLabel(estimator) : `${sweep.hyper} = ${value}`;
      const [forward, surrogate, gradient] = tf.tidy(() => {
        const x = tf.tensor1d(xs);
        return [
          estimator.forward(x).dataSync(),
          estimator.surrogate === undefined ? undefined : estimator.surrogate(x).dataSync(),
          estimator.pseudoGrad(x, tf.onesLike(x)).dataSync(),
        ];
      });
      xs.forEach((x, i) => {
        points.push({
          estimator: estimator.id,
          setting,
          x,
          forward: forward[i],
          ...(surrogate === undefined ? {} : { surrogate: surrogate[i] }),
          gradient: gradient[i],
        });
      });
    }
  } finally {
    if (sweep !== undefined && original !== undefined) estimator.setHyper(sweep.hyper, original);
  }
  return points;
}

const AXIS_X = { field: 'x', type: 'quantitative', title: 'x' } as const;
const COLOR = { field: 'setting', type: 'nominal', title: null, sort: null } as const;

/** One row of the figure: forward (with the surrogate when declared) and pseudo-gradient. */
function estimatorRow(id: string, points: readonly EstimatorCurvePoint[]): object {
  const values = points.map((p) => ({ ...p }));
  const hasSurrogate = points.some((p) => p.surrogate !== undefined);
  const forward = {
    title: hasSurrogate ? `${id}: forward (grey) and surrogate` : `${id}: forward`,
    width: PANEL.width,
    height: PANEL.height,
    data: { values },
    layer: hasSurrogate
      ? [
          {
            mark: { type: 'line', color: '#888', strokeDash: [4, 3] },
            encoding: { x: AXIS_X, y: { field: 'forward', type: 'quantitative', title: 'value' }, detail: { field: 'setting' } },
          },
          { mark: 'line', encoding: { x: AXIS_X, y: { field: 'surrogate', type: 'quantitative', title: 'value' }, color: COLOR } },
        ]
      : [{ mark: 'line', encoding: { x: AXIS_X, y: { field: 'forward', type: 'quantitative', title: 'value' }, color: COLOR } }],
  };
  const gradient = {
    title: `${id}: pseudo-gradient`,
    width: PANEL.width,
    height: PANEL.height,
    data: { values },
    mark: 'line',
    encoding: { x: AXIS_X, y: { field: 'gradient', type: 'quantitative', title: 'dy/dx (upstream 1)' }, color: COLOR },
  };
  return { hconcat: [forward, gradient], resolve: { scale: { color: 'independent' } } };
}

/**
 * The estimator figure: one row per estimator, its forward value (and surrogate) and its
 * pseudo-gradient, one curve per hyper-parameter value (the paper's ReSTE plot at o ∈ {1, 2, 3}).
 */
export function estimatorPlotSpec(curves: readonly EstimatorCurvePoint[]): TopLevelSpec {
  const ids = [...new Set(curves.map((p) => p.estimator))];
  if (ids.length === 0) throw new RangeError('estimatorPlotSpec: no curves to draw.');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: ids.map((id) => estimatorRow(id, curves.filter((p) => p.estimator === id))),
  } as TopLevelSpec;
}
