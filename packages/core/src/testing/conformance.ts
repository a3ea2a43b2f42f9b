import * as tf from '@tensorflow/tfjs-core';
import type { Estimator, EstimatorPlugin } from '../estimator/estimator.js';
import { quantize } from '../estimator/quantize.js';

/** One configuration to check, with its independent reference. */
export interface ConformanceCase {
  /** The plugin config to create the estimator with. */
  readonly config: Record<string, unknown>;
  /**
   * The reference pseudo-gradient γ(x) for a float32 input `x` (upstream gradient 1), written
   * independently of the implementation (from the paper's formulas or the reference values of docs/method.md §10).
   */
  readonly referenceGrad: (x: number) => number;
  /**
   * The reference forward value. Absent for sign estimators: then the forward must be exactly
   * +1 for x >= 0 and −1 otherwise.
   */
  readonly referenceForward?: (x: number) => number;
  /** Inputs where the estimator's regions change (±m, ±t, ±clip...): each is checked with its float32 neighbours. */
  readonly specialPoints?: readonly number[];
}

/** What {@link conformanceChecks} verifies for one plugin. */
export interface ConformanceSuite {
  /** The plugin under test. */
  readonly plugin: EstimatorPlugin;
  /** Configurations, each with its reference. */
  readonly cases: readonly ConformanceCase[];
  /** Tolerance on gradients and forward values: |a − b| <= tol · max(1, |b|); default 1e-5. */
  readonly tolerance?: number;
}

/** One named check, to be run as a test: `for (const c of conformanceChecks(s)) it(c.name, c.run)`. */
export interface ConformanceCheck {
  /** A descriptive test name. */
  readonly name: string;
  /** Runs the check; throws an Error describing the first mismatch. */
  readonly run: () => void;
}

const BASE_POINTS = [0, 1e-30, -1e-30, 1e-3, -1e-3, 0.05, -0.05, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1, -1, 1.25, -1.25, 1.5, -1.5, 2, -2, 3, -3, 10, -10];

/**
 * The conformance kit every estimator package runs: forward values (exactly ±1 for 1-bit
 * estimators), pseudo-gradients against an independent reference on inputs that include 0, the
 * special points and the float32 values just beyond them, finiteness, the surrogate's slope,
 * config round-trip, hyper-parameter validation, and no tensor leak. Framework-agnostic: each
 * check throws on failure.
 */
export function conformanceChecks(suite: ConformanceSuite): ConformanceCheck[] {
  const tol = suite.tolerance ?? 1e-5;
  const checks: ConformanceCheck[] = [
    {
      name: `${suite.plugin.id}: creates estimators with the plugin's id`,
      run: () => {
        for (const c of suite.cases) {
          const est = suite.plugin.create(c.config);
          if (est.id !== suite.plugin.id) throw new Error(`estimator id '${est.id}' differs from plugin id '${suite.plugin.id}'`);
        }
      },
    },
    {
      name: `${suite.plugin.id}: rejects unknown hyper-parameters`,
      run: () => {
        const est = suite.plugin.create(suite.cases[0]?.config);
        expectThrow(() => est.setHyper('__not_a_hyper_parameter__', 1), 'setHyper with an unknown name');
        for (const name of Object.keys(est.hyperSpec)) {
          expectThrow(() => est.setHyper(name, Number.NaN), `setHyper('${name}', NaN)`);
        }
      },
    },
  ];
  for (const c of suite.cases) {
    const label = `${suite.plugin.id} ${JSON.stringify(c.config)}`;
    const points = inputPoints(c.specialPoints ?? []);
    checks.push(
      { name: `${label}: forward matches the reference`, run: () => checkForward(suite.plugin.create(c.config), c, points, tol) },
      { name: `${label}: pseudo-gradient matches the reference`, run: () => checkGradient(suite.plugin.create(c.config), c, points, tol) },
      { name: `${label}: surrogate slope equals the pseudo-gradient`, run: () => checkSurrogate(suite.plugin.create(c.config), c) },
      { name: `${label}: config round-trips through JSON`, run: () => checkRoundTrip(suite.plugin, c, points) },
      { name: `${label}: leaks no tensor`, run: () => checkNoLeak(suite.plugin.create(c.config), points) },
    );
  }
  return checks;
}

/** The base inputs plus each special point and its float32 neighbours, as float32 values. */
function inputPoints(special: readonly number[]): number[] {
  const points = new Set<number>(BASE_POINTS.map(Math.fround));
  for (const p of special) {
    const f = Math.fround(p);
    for (const q of [f, nextFloat32(f, 1), nextFloat32(f, -1), -f, nextFloat32(-f, 1), nextFloat32(-f, -1)]) points.add(q);
  }
  return [...points].sort((a, b) => a - b);
}

/** The adjacent float32 value towards +∞ (dir 1) or −∞ (dir −1). */
export function nextFloat32(x: number, dir: 1 | -1): number {
  const f = new Float32Array([x]);
  const bits = new Int32Array(f.buffer);
  if (x === 0) {
    bits[0] = 1;
    return dir * f[0];
  }
  bits[0] += (x > 0) === (dir > 0) ? 1 : -1;
  return f[0];
}

function gradients(est: Estimator, points: number[], upstream: number[]): { value: Float32Array; grad: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor1d(points);
    const dy = tf.tensor1d(upstream);
    const value = quantize(est, x).dataSync() as Float32Array;
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(quantize(est, input), dy)))(x).dataSync() as Float32Array;
    return { value: Float32Array.from(value), grad: Float32Array.from(grad) };
  });
}

function checkForward(est: Estimator, c: ConformanceCase, points: number[], tol: number): void {
  // Without a reference forward the estimator is a sign estimator, whose values must be exactly ±1.
  const isSign = est.bits === 1 && c.referenceForward === undefined;
  const reference = c.referenceForward ?? ((x: number) => (x >= 0 ? 1 : -1));
  const { value } = gradients(est, points, points.map(() => 1));
  points.forEach((x, i) => {
    const want = reference(x);
    if (!close(value[i], want, tol)) throw new Error(`forward(${x}) = ${value[i]}, reference ${want}`);
    if (isSign && value[i] !== 1 && value[i] !== -1) throw new Error(`1-bit forward(${x}) = ${value[i]} is not exactly ±1`);
  });
}

function checkGradient(est: Estimator, c: ConformanceCase, points: number[], tol: number): void {
  // A non-uniform upstream gradient catches implementations that ignore dy.
  const upstream = points.map((_, i) => [1, -0.5, 2, 0.25][i % 4]);
  const { grad } = gradients(est, points, upstream);
  points.forEach((x, i) => {
    const want = c.referenceGrad(x) * upstream[i];
    if (!Number.isFinite(grad[i])) throw new Error(`gradient at x = ${x} is ${grad[i]}, not finite`);
    if (!close(grad[i], want, tol)) {
      throw new Error(`gradient at x = ${x} (upstream ${upstream[i]}) = ${grad[i]}, reference ${want}`);
    }
  });
}

function checkSurrogate(est: Estimator, c: ConformanceCase): void {
  const surrogate = est.surrogate?.bind(est);
  if (surrogate === undefined) return;
  // Central differences of the surrogate away from the region boundaries, at a loose tolerance
  // (float32 differences): an independent check that surrogate and pseudoGrad describe one function.
  const h = 1e-3;
  const special = (c.specialPoints ?? []).flatMap((p) => [p, -p]);
  const xs = [-1.9, -1.3, -0.8, -0.45, -0.3, -0.07, 0.03, 0.2, 0.35, 0.6, 0.9, 1.2, 1.7].filter((x) =>
    special.every((p) => Math.abs(x - p) > 4 * h),
  );
  const [lo, hi, grad] = tf.tidy(() => {
    const lo = surrogate(tf.tensor1d(xs.map((x) => x - h))).dataSync();
    const hi = surrogate(tf.tensor1d(xs.map((x) => x + h))).dataSync();
    const g = est.pseudoGrad(tf.tensor1d(xs), tf.onesLike(tf.tensor1d(xs))).dataSync();
    return [Float32Array.from(lo), Float32Array.from(hi), Float32Array.from(g)];
  });
  xs.forEach((x, i) => {
    const slope = (hi[i] - lo[i]) / (2 * h);
    if (!close(slope, grad[i], 2e-2)) throw new Error(`surrogate slope at ${x} = ${slope}, pseudoGrad ${grad[i]}`);
  });
}

function checkRoundTrip(plugin: EstimatorPlugin, c: ConformanceCase, points: number[]): void {
  const est = plugin.create(c.config);
  const json = JSON.parse(JSON.stringify(est.getConfig())) as Record<string, unknown>;
  const rebuilt = plugin.create(json);
  if (JSON.stringify(rebuilt.getConfig()) !== JSON.stringify(est.getConfig())) {
    throw new Error(`config ${JSON.stringify(est.getConfig())} rebuilt as ${JSON.stringify(rebuilt.getConfig())}`);
  }
  const upstream = points.map(() => 1);
  const a = gradients(est, points, upstream);
  const b = gradients(rebuilt, points, upstream);
  points.forEach((x, i) => {
    if (a.value[i] !== b.value[i] || a.grad[i] !== b.grad[i]) throw new Error(`rebuilt estimator differs at x = ${x}`);
  });
}

function checkNoLeak(est: Estimator, points: number[]): void {
  const x = tf.tensor1d(points);
  // variableGrads needs at least one trainable variable: the training path quantises a variable.
  const weights = tf.variable(x);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const { value, grads } = tf.variableGrads(() => tf.sum(quantize(est, weights)) as tf.Scalar, [weights]);
    value.dispose();
    tf.dispose(grads);
    tf.grad((input: tf.Tensor) => tf.sum(quantize(est, input)))(x).dispose();
    quantize(est, x).dispose();
    est.pseudoGrad(x, x).dispose();
    est.forward(x).dispose();
    est.surrogate?.(x).dispose();
  }
  const after = tf.memory().numTensors;
  x.dispose();
  weights.dispose();
  if (after !== before) throw new Error(`${after - before} tensors leaked over 3 forward/backward passes`);
}

function close(actual: number, expected: number, tol: number): boolean {
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

function expectThrow(fn: () => void, what: string): void {
  try {
    fn();
  } catch {
    return;
  }
  throw new Error(`${what} did not throw`);
}
