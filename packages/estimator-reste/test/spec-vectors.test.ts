import * as tf from '@tensorflow/tfjs-core';
import { quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createReSTE } from '../src/index.js';
import { referenceGamma } from './reference.js';

// docs/method.md §10.1 (t = 1.5, m = 0.1), typed from the table: x, then γ for o = 1, 2, 3.
const TABLE_8_1: readonly [number, number, number, number][] = [
  [-2, 0, 0, 0],
  [-1.5, 1, 0.408248, 0.254381],
  [-1, 1, 0.5, 0.333333],
  [-0.5, 1, 0.707107, 0.529134],
  [-0.1, 1, 3.162278, 4.641589],
  [-0.01, 1, 3.162278, 4.641589],
  [0, 1, 3.162278, 4.641589],
  [0.01, 1, 3.162278, 4.641589],
  [0.1, 1, 3.162278, 4.641589],
  [0.100001, 1, 1.581131, 1.547186],
  [0.5, 1, 0.707107, 0.529134],
  [1, 1, 0.5, 0.333333],
  [1.5, 1, 0.408248, 0.254381],
  [1.5001, 0, 0, 0],
  [2, 0, 0, 0],
];

// docs/method.md §10.1, extra checks at o = 1.5.
const EXTRAS_O_1_5: readonly [number, number][] = [
  [0.05, 2.154435],
  [-0.05, 2.154435],
  [1, 0.666667],
  [0.5, 0.839947],
  [1.5, 0.582387],
];

// docs/method.md §10.6: activation gradients (upstream 1).
const ACTIVATIONS_8_6 = [-1.6, -0.7, -0.05, 0, 0.3, 1.2];
const TABLE_8_6: Record<number, number[]> = {
  1: [0, 1, 1, 1, 1, 1],
  2: [0, 0.597614, 3.162278, 3.162278, 0.912871, 0.456435],
  3: [0, 0.422811, 4.641589, 4.641589, 0.743814, 0.295183],
};

/** dL/dx of L = Σ quantize(estimator, x) (upstream gradient 1). */
function gradientAt(o: number, xs: readonly number[]): number[] {
  const est = createReSTE({ o });
  return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(est, x)))(tf.tensor1d([...xs])).dataSync()));
}

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `entry ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-5));
}

describe('ReSTE against the reference values of docs/method.md §10', () => {
  const xs = TABLE_8_1.map((row) => row[0]);

  for (const [column, o] of [[1, 1], [2, 2], [3, 3]] as const) {
    const expected = TABLE_8_1.map((row) => row[column]);
    it(`the reference γ reproduces docs/method.md §10.1 for o = ${o}`, () => {
      expectClose(xs.map(referenceGamma(o)), expected);
    });
    it(`the estimator's gradient reproduces docs/method.md §10.1 for o = ${o}`, () => {
      expectClose(gradientAt(o, xs), expected);
    });
  }

  it('reproduces the o = 1.5 extras of docs/method.md §10.1 (reference and estimator)', () => {
    const x = EXTRAS_O_1_5.map((row) => row[0]);
    const expected = EXTRAS_O_1_5.map((row) => row[1]);
    expectClose(x.map(referenceGamma(1.5)), expected);
    expectClose(gradientAt(1.5, x), expected);
  });

  for (const o of [1, 2, 3]) {
    it(`reproduces the activation gradients of docs/method.md §10.6 for o = ${o}`, () => {
      expectClose(gradientAt(o, ACTIVATIONS_8_6), TABLE_8_6[o]);
    });
  }

  it('puts x = float32(0.1) in the secant branch and the next float32 in the power branch', () => {
    const m = Math.fround(0.1);
    const above = new Float32Array([m]);
    new Int32Array(above.buffer)[0] += 1;
    // o = 3: 4.641589 inside (docs/method.md §2.2), (1/3)·0.1^(−2/3) = 4.641589/3 = 1.547196 just outside.
    expectClose(gradientAt(3, [m, above[0]]), [4.641589, 1.547196]);
  });

  it('forwards exactly ±1, with sign(0) = +1', () => {
    const values = tf.tidy(() => Array.from(createReSTE({ o: 3 }).forward(tf.tensor1d([-2, -0.1, -1e-30, 0, 1e-30, 0.1, 2])).dataSync()));
    expect(values).toEqual([-1, -1, -1, 1, 1, 1, 1]);
  });

  it('surrogate is the equivalent forward of docs/method.md §2.3 (o = 3)', () => {
    // 0.05·0.1^(−2/3) = 0.232079 (secant); 0.5^(1/3), 0.1^(1/3) and the flat 1.5^(1/3) beyond t.
    const values = tf.tidy(() => Array.from(createReSTE({ o: 3 }).surrogate(tf.tensor1d([0.05, -0.1, 0.5, 1.5, 2, -3])).dataSync()));
    expectClose(values, [0.232079, -0.464159, 0.793701, 1.144714, 1.144714, -1.144714]);
  });
});
