import * as tf from '@tensorflow/tfjs-core';
import { quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createDoReFa, createDoReFaActivations, createDoReFaWeights } from '../src/index.js';
import { weightForward, weightGradByDifferences } from './reference.js';

function valuesAndGrads(est: ReturnType<typeof createDoReFa>, xs: readonly number[], dy?: readonly number[]): { q: number[]; g: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor1d([...xs]);
    const upstream = tf.tensor1d(dy === undefined ? xs.map(() => 1) : [...dy]);
    return {
      q: Array.from(quantize(est, x).dataSync()),
      g: Array.from(tf.grad((input: tf.Tensor) => tf.sum(tf.mul(quantize(est, input), upstream)))(x).dataSync()),
    };
  });
}

function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol));
}

describe('DoReFa activations (docs/method.md §5.2, §10.8)', () => {
  it('2-bit: reproduces the table of docs/method.md §10.8, rounding half to even', () => {
    const { q } = valuesAndGrads(createDoReFaActivations(2), [-0.3, 0.1, 0.2, 0.5, 0.9, 1.3]);
    expectClose(q, [0, 0, 1 / 3, 2 / 3, 1, 1]);
  });

  it('1-bit: q(0.5) = 0 and q(0.51) = 1', () => {
    expect(valuesAndGrads(createDoReFaActivations(1), [0.5, 0.51]).q).toEqual([0, 1]);
  });

  it('passes the gradient on [0, 1], both ends included, and blocks it outside', () => {
    const { g } = valuesAndGrads(createDoReFaActivations(2), [-0.3, -1e-7, 0, 0.5, 1, 1.0000001, 1.3]);
    expect(g).toEqual([0, 0, 1, 1, 1, 0, 0]);
  });
});

describe('DoReFa 1-bit weights (docs/method.md §5.2)', () => {
  it('forwards sign with 0 → +1 and passes the gradient unclipped', () => {
    const { q, g } = valuesAndGrads(createDoReFa(), [-5, -0.5, 0, 0.5, 5], [0.5, -1, 2, 3, -4]);
    expect(q).toEqual([-1, -1, 1, 1, 1]);
    expect(g).toEqual([0.5, -1, 2, 3, -4]);
  });
});

describe('DoReFa k-bit weights (docs/method.md §5.2)', () => {
  const w = [0.3, -0.8, 0.1, 0.5];

  it('quantises tanh(w)/max|tanh(w)| to 2^k levels in [−1, 1]', () => {
    // By hand: tanh(w)/(2·max|tanh|) + 1/2 = [0.719350, 0, 0.575047, 0.847961].
    // k = 2: ×3 = [2.158, 0, 1.725, 2.544] → [2, 0, 2, 3]/3 → [1/3, −1, 1/3, 1].
    expectClose(valuesAndGrads(createDoReFaWeights(2), w).q, [1 / 3, -1, 1 / 3, 1]);
    // k = 3: ×7 = [5.035, 0, 4.025, 5.936] → [5, 0, 4, 6]/7 → [3/7, −1, 1/7, 5/7].
    expectClose(valuesAndGrads(createDoReFaWeights(3), w).q, [3 / 7, -1, 1 / 7, 5 / 7]);
    expectClose(weightForward(w, 2), [1 / 3, -1, 1 / 3, 1]);
  });

  it('maps w = 0 to the level above 0 when 2^k − 1 is odd (half to even: 1.5 → 2)', () => {
    expectClose(valuesAndGrads(createDoReFaWeights(2), [0, 1]).q, [1 / 3, 1]);
  });

  it('differentiates through tanh and through the max (central differences of tanh(w)/max|tanh(w)|)', () => {
    const dy = [1, -0.5, 2, 0.25];
    const { g } = valuesAndGrads(createDoReFaWeights(2), w, dy);
    expectClose(g, weightGradByDifferences(w, dy), 1e-5);
    // The path through the max matters here: without it, dL/dw_1 would be dy_1·sech²(w_1)/M.
    const withoutMax = (-0.5 * (1 - Math.tanh(-0.8) ** 2)) / Math.tanh(0.8);
    expect(Math.abs(g[1] - withoutMax)).toBeGreaterThan(0.1);
  });

  it('shares the gradient of a tied maximum evenly, as TensorFlow does', () => {
    // |w_0| = |w_1| both attain the max: the result is the mean of the two one-sided cases.
    const tied = [0.5, -0.5, 0.2];
    const dy = [1, 2, -1];
    // Each one-sided case breaks the tie by δ and differences with a step h < δ.
    const delta = 1e-6;
    const first = weightGradByDifferences([0.5 + delta, -0.5, 0.2], dy, 1e-8);
    const second = weightGradByDifferences([0.5, -0.5 - delta, 0.2], dy, 1e-8);
    const { g } = valuesAndGrads(createDoReFaWeights(2), tied, dy);
    expectClose(g, first.map((v, i) => (v + second[i]) / 2), 1e-4);
  });

  it('quantises an all-zero tensor without NaN', () => {
    const { q, g } = valuesAndGrads(createDoReFaWeights(2), [0, 0, 0], [1, -2, 3]);
    expectClose(q, [1 / 3, 1 / 3, 1 / 3]);
    expect(g).toEqual([1, -2, 3]);
  });

  it('reduces over every axis of a kernel', () => {
    const kernel = tf.tensor4d([0.3, -0.8, 0.1, 0.5], [1, 1, 2, 2]);
    const q = tf.tidy(() => Array.from(createDoReFaWeights(2).forward(kernel).dataSync()));
    expectClose(q, [1 / 3, -1, 1 / 3, 1]);
    kernel.dispose();
  });
});
