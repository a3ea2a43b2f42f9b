import * as tf from '@tensorflow/tfjs-core';
import { quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createDSQ, dsqShape } from '../src/index.js';
import { referenceGrad } from './reference.js';

// Derived by hand (listed in docs/method.md §10.8). With α = 0.2: k = ln(2/0.2 − 1)/2 =
// ln 3, s = 1.25, tanh(k·0.5) = (3 − 1)/(3 + 1) = 1/2 and tanh(k) = (9 − 1)/(9 + 1) = 0.8 = 1 − α,
// so γ(0) = 1.25·ln 3, γ(±0.5) = 1.25·ln 3·(1 − 1/4), γ(±1) = 1.25·ln 3·(1 − 0.64).
const LN3 = Math.log(3);
const ALPHA_0_2: readonly [number, number][] = [
  [0, 1.25 * LN3],
  [0.5, 0.9375 * LN3],
  [-0.5, 0.9375 * LN3],
  [1, 0.45 * LN3],
  [-1, 0.45 * LN3],
  [1.0001, 0],
  [-2, 0],
];
// With α = 0.5: k = ln(3)/2, s = 2, tanh(k) = 1/2: γ(0) = ln 3, γ(±1) = ln 3·(1 − 1/4).
const ALPHA_0_5: readonly [number, number][] = [[0, LN3], [1, 0.75 * LN3], [-1, 0.75 * LN3]];

function gradientAt(alpha: number, xs: readonly number[]): number[] {
  const dsq = createDSQ({ alpha });
  return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(dsq, x)))(tf.tensor1d([...xs])).dataSync()));
}

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `${what} [${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-5));
}

describe('DSQ against hand-derived values', () => {
  for (const [alpha, table] of [[0.2, ALPHA_0_2], [0.5, ALPHA_0_5]] as const) {
    it(`α = ${alpha}: the estimator and the reference give the hand-derived γ`, () => {
      const xs = table.map(([x]) => x);
      const expected = table.map(([, g]) => g);
      expectClose(gradientAt(alpha, xs), expected, 'estimator');
      expectClose(xs.map(referenceGrad({ alpha })), expected, 'reference');
    });
  }

  it('dsqShape gives k = ln(2/α − 1)/2 and s = 1/(1 − α)', () => {
    const { k, s } = dsqShape(0.2);
    expect(k).toBeCloseTo(LN3, 12);
    expect(s).toBeCloseTo(1.25, 12);
  });

  it('approaches the clipped straight-through estimator as α → 1 (γ(0) → 1)', () => {
    const [g] = gradientAt(0.999, [0]);
    expect(Math.abs(g - 1)).toBeLessThan(1e-3);
  });

  it('its surrogate is s·tanh(k·x), reaching exactly ±1 at the clip points and staying there', () => {
    const values = tf.tidy(() => Array.from(createDSQ().surrogate(tf.tensor1d([-3, -1, -0.5, 0, 0.5, 1, 3])).dataSync()));
    expectClose(values, [-1, -1, -0.625, 0, 0.625, 1, 1], 'surrogate'); // s·tanh(k/2) = 1.25·0.5
  });

  it('forwards exactly ±1, with sign(0) = +1', () => {
    const values = tf.tidy(() => Array.from(createDSQ().forward(tf.tensor1d([-2, -1e-30, 0, 1e-30, 3])).dataSync()));
    expect(values).toEqual([-1, -1, 1, 1, 1]);
  });
});
