import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  aggregateIndicators,
  estimatingError,
  estimatingErrorPerLayer,
  fittingError,
  gradientInstability,
  gradientInstabilityPerLayer,
  gradientInstabilityPooled,
  IndicatorTracker,
} from '../src/index.js';

/** Runs `fn` and checks that it leaves no tensor behind. */
function leakFree<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const result = fn();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('estimating error (docs/method.md §9.2, values §10.7)', () => {
  const w = [0.5, -0.2, 0.05, -1.0, 2.0, 0.0];

  it.each([
    [1, 1.671077],
    [2, 1.079684],
    [3, 0.825482],
  ])('reproduces docs/method.md §10.7 at o = %d', (o, expected) => {
    const t = tf.tensor1d(w);
    expect(leakFree(() => estimatingError([t], o))).toBeCloseTo(expected, 5);
    t.dispose();
  });

  it('uses the pure power function with sign(0) = 0 (docs/method.md §10.2 values)', () => {
    // f_2(0.5) = 0.707107, f_3(−0.2) = −0.584804, f_3(0.05) = 0.368403, f_2(2) = 1.414214, f(0) = 0.
    const x = tf.tensor1d([0.5, -0.2, 0.05, 2, 0]);
    const e2 = fittingError(x, 2);
    const e3 = fittingError(x, 3);
    const d2 = e2.dataSync();
    const d3 = e3.dataSync();
    expect(d2[0]).toBeCloseTo(0.707107 - 1, 5);
    expect(d2[3]).toBeCloseTo(1.414214 - 1, 5);
    expect(d3[1]).toBeCloseTo(-0.584804 + 1, 5);
    expect(d3[2]).toBeCloseTo(0.368403 - 1, 5);
    expect(d2[4]).toBe(0);
    tf.dispose([x, e2, e3]);
  });

  it('sums per-layer L2 norms (hand-derived, two layers)', () => {
    // o = 2, f(w) = sign(w)·sqrt|w|.
    // Layer A, W = [0.25, −1, 0, 4]: f = [0.5, −1, 0, 2], sign = [1, −1, 0, 1],
    //   diff = [−0.5, 0, 0, 1], norm = sqrt(0.25 + 1) = sqrt(1.25) = 1.1180340.
    // Layer B, W = [[0.01, −0.64], [0.09, 1]]: f = [0.1, −0.8, 0.3, 1], sign = [1, −1, 1, 1],
    //   diff = [−0.9, 0.2, −0.7, 0], norm = sqrt(0.81 + 0.04 + 0.49) = sqrt(1.34) = 1.1575837.
    // e = 1.1180340 + 1.1575837 = 2.2756177 (one norm over both layers would be sqrt(2.59) = 1.6093477).
    const a = tf.tensor1d([0.25, -1, 0, 4]);
    const b = tf.tensor2d([0.01, -0.64, 0.09, 1], [2, 2]);
    const perLayer = leakFree(() => estimatingErrorPerLayer([a, b], 2));
    expect(perLayer[0]).toBeCloseTo(1.118034, 5);
    expect(perLayer[1]).toBeCloseTo(1.1575837, 5);
    expect(estimatingError([a, b], 2)).toBeCloseTo(2.2756177, 5);
    tf.dispose([a, b]);
  });

  it('rejects an empty layer list and a bad o with clear messages', () => {
    const t = tf.tensor1d([1]);
    expect(() => estimatingError([], 3)).toThrow(/non-empty array of tensors.*no binarised kernels|without binarised kernels/);
    expect(() => estimatingError([t], 0)).toThrow(/o = 0 must be a finite number > 0/);
    expect(() => estimatingError([t], Number.NaN)).toThrow(/o = NaN/);
    t.dispose();
  });
});

describe('gradient instability (docs/method.md §9.3, values §10.7)', () => {
  it('is the unbiased variance of |g|: 0.0166667 for g = [0.1, −0.3, 0, 0.2]', () => {
    const g = tf.tensor1d([0.1, -0.3, 0.0, 0.2]);
    expect(leakFree(() => gradientInstability([g]))).toBeCloseTo(0.0166667, 6);
    // The biased variance would be 0.0125: make sure it is not what we compute.
    expect(Math.abs(gradientInstability([g]) - 0.0125)).toBeGreaterThan(1e-3);
    g.dispose();
  });

  it('sums per-layer variances; the pooled variant takes one variance (hand-derived)', () => {
    // Layer A, g = [1, −3]: |g| = [1, 3], mean 2, var = ((1−2)² + (3−2)²) / 1 = 2.
    // Layer B, g = [[0.5, −0.5], [1.5, −1.5]]: |g| = [0.5, 0.5, 1.5, 1.5], mean 1, var = 4·0.25 / 3 = 1/3.
    // Per layer, summed: 2 + 1/3 = 2.3333333.
    // Pooled: |g| = [1, 3, 0.5, 0.5, 1.5, 1.5], mean 8/6 = 4/3, squared deviations
    //   1/9 + 25/9 + 2·(25/36) + 2·(1/36) = 4/36 + 100/36 + 50/36 + 2/36 = 156/36 = 13/3,
    //   var = (13/3) / 5 = 0.8666667.
    const a = tf.tensor1d([1, -3]);
    const b = tf.tensor2d([0.5, -0.5, 1.5, -1.5], [2, 2]);
    const perLayer = leakFree(() => gradientInstabilityPerLayer([a, b]));
    expect(perLayer[0]).toBeCloseTo(2, 6);
    expect(perLayer[1]).toBeCloseTo(1 / 3, 6);
    expect(gradientInstability([a, b])).toBeCloseTo(7 / 3, 6);
    expect(leakFree(() => gradientInstabilityPooled([a, b]))).toBeCloseTo(13 / 15, 6);
    tf.dispose([a, b]);
  });

  it('needs two values per layer for an unbiased variance', () => {
    const one = tf.tensor1d([0.5]);
    expect(() => gradientInstability([one])).toThrow(/weightGrads\[0\] has 1 element\(s\); at least 2 are needed/);
    one.dispose();
  });
});

describe('IndicatorTracker', () => {
  it('keeps the last measurement of each epoch; mean e and summed s over epochs', () => {
    const tracker = new IndicatorTracker({ oEnd: 1 });
    const w = tf.tensor1d([0.5, -0.2, 0.05, -1.0, 2.0, 0.0]);
    const g = tf.tensor1d([0.1, -0.3, 0.0, 0.2]);
    const g2 = tf.tensor1d([1, -3]);
    tracker.observe(0, [w], [g2]); // replaced by the next measurement of epoch 0
    tracker.observe(0, [w], [g]);
    tracker.record({ epoch: 1, estimatingError: 2, gradientInstability: 0.5 });
    const epochs = tracker.epochs;
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1]);
    expect(epochs[0].estimatingError).toBeCloseTo(1.671077, 5);
    expect(epochs[0].gradientInstability).toBeCloseTo(0.0166667, 6);
    const agg = tracker.aggregates();
    expect(agg.epochs).toBe(2);
    expect(agg.meanEstimatingError).toBeCloseTo((1.671077 + 2) / 2, 5);
    expect(agg.totalGradientInstability).toBeCloseTo(0.0166667 + 0.5, 6);
    tf.dispose([w, g, g2]);
  });

  it('records the pooled variant when asked', () => {
    const tracker = new IndicatorTracker({ oEnd: 2, variant: 'pooled' });
    const a = tf.tensor1d([1, -3]);
    const b = tf.tensor1d([0.5, -0.5, 1.5, -1.5]);
    expect(tracker.observe(3, [a, b], [a, b]).gradientInstability).toBeCloseTo(13 / 15, 6);
    tf.dispose([a, b]);
  });

  it('aggregates epoch-log records, skipping those without indicators', () => {
    const agg = aggregateIndicators([
      { estimatingError: 3, gradientInstability: 1e-6 },
      {},
      { estimatingError: 1, gradientInstability: 3e-6 },
    ]);
    expect(agg).toEqual({ epochs: 2, meanEstimatingError: 2, totalGradientInstability: 4e-6 });
  });

  it('rejects mismatched lists and bad options', () => {
    const tracker = new IndicatorTracker({ oEnd: 3 });
    const a = tf.tensor1d([1, 2]);
    expect(() => tracker.observe(0, [a, a], [a])).toThrow(/2 kernels but 1 gradients/);
    expect(() => new IndicatorTracker({ oEnd: -1 })).toThrow(/o = -1/);
    expect(() => new IndicatorTracker({ oEnd: 3, variant: 'mean' as never })).toThrow(/variant = "mean"/);
    expect(() => tracker.record({ epoch: 1.5, estimatingError: 1, gradientInstability: 1 })).toThrow(/epoch = 1.5/);
    a.dispose();
  });
});
