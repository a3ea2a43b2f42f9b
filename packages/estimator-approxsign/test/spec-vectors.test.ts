import * as tf from '@tensorflow/tfjs-core';
import { quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createApproxSign } from '../src/index.js';
import { referenceGrad, referenceSurrogate } from './reference.js';

// docs/method.md §10.8, ApproxSign: x → γ(x) (upstream 1).
const TABLE_8_8: readonly [number, number][] = [[0, 2], [0.1, 1.8], [-0.1, 1.8], [0.5, 1], [-0.5, 1], [1, 0], [-1, 0]];

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `${what} [${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-6));
}

describe('ApproxSign against docs/method.md §10.8', () => {
  const xs = TABLE_8_8.map(([x]) => x);
  const expected = TABLE_8_8.map(([, g]) => g);

  it('the estimator’s gradient reproduces the table', () => {
    const estimator = createApproxSign();
    const grad = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(estimator, x)))(tf.tensor1d(xs)).dataSync()));
    expectClose(grad, expected, 'γ');
  });

  it('the reference reproduces the table', () => {
    expectClose(xs.map(referenceGrad), expected, 'reference γ');
  });

  it('is 0 beyond |x| = 1 and multiplies the upstream gradient', () => {
    const g = tf.tidy(() => Array.from(createApproxSign().pseudoGrad(tf.tensor1d([-3, 1.5, 0.25, -0.75]), tf.tensor1d([1, 1, 4, -2])).dataSync()));
    expectClose(g, [0, 0, 4 * 1.5, -2 * 0.5], 'γ · dy');
  });
});

describe('ApproxSign forward and surrogate', () => {
  it('forwards exactly ±1, with sign(0) = +1', () => {
    const values = tf.tidy(() => Array.from(createApproxSign().forward(tf.tensor1d([-2, -1e-30, 0, 1e-30, 3])).dataSync()));
    expect(values).toEqual([-1, -1, 1, 1, 1]);
  });

  it('its surrogate is Bi-Real Net’s piecewise polynomial', () => {
    const xs = [-2, -1, -0.5, -0.1, 0, 0.3, 0.5, 1, 4];
    const values = tf.tidy(() => Array.from(createApproxSign().surrogate(tf.tensor1d(xs)).dataSync()));
    expectClose(values, xs.map(referenceSurrogate), 'surrogate');
    // −0.5 → 2·(−0.5) + 0.25 = −0.75; 0.3 → 0.6 − 0.09 = 0.51.
    expectClose([values[2], values[5]], [-0.75, 0.51], 'surrogate by hand');
  });
});
