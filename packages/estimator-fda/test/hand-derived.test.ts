import * as tf from '@tensorflow/tfjs-core';
import { quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createFDA, type FDAConfig } from '../src/index.js';
import { referenceGrad } from './reference.js';

// These follow from the formula by hand (listed in docs/method.md §10.8).
// n = 1, T = 2π (ω = 1): γ = (4/π)·cos x.
// n = 2, T = 2π: γ = (4/π)(cos x + cos 3x): γ(0) = 8/π, γ(π/4) = (4/π)(√2/2 − √2/2) = 0,
//   γ(π/6) = (4/π)(√3/2 + 0).
// n = 4, T = 2π: γ(0) = 16/π, and −16/π at x = ±π = ±T/2, where the square wave steps down.
// n = 1, T = 4 (ω = π/2): γ = 2·cos(πx/2): γ(2/3) = 1, γ(1) = 0.
const TABLES: readonly { config: FDAConfig; rows: readonly [number, number][] }[] = [
  { config: { n: 1, T: 2 * Math.PI }, rows: [[0, 4 / Math.PI], [Math.PI / 3, 2 / Math.PI], [-Math.PI / 3, 2 / Math.PI], [Math.PI / 2, 0]] },
  { config: { n: 2, T: 2 * Math.PI }, rows: [[0, 8 / Math.PI], [Math.PI / 4, 0], [Math.PI / 6, (2 * Math.sqrt(3)) / Math.PI]] },
  { config: { n: 4, T: 2 * Math.PI }, rows: [[0, 16 / Math.PI], [Math.PI, -16 / Math.PI], [-Math.PI, -16 / Math.PI]] },
  { config: { n: 1, T: 4 }, rows: [[0, 2], [2 / 3, 1], [1, 0], [-1, 0]] },
];

function gradientAt(config: FDAConfig, xs: readonly number[]): number[] {
  const fda = createFDA(config);
  return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(fda, x)))(tf.tensor1d([...xs])).dataSync()));
}

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `${what} [${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-5));
}

describe('FDA against hand-derived values', () => {
  for (const { config, rows } of TABLES) {
    it(`n = ${config.n}, T = ${config.T.toFixed(4)}: the estimator and the reference give the hand-derived γ`, () => {
      const xs = rows.map(([x]) => x);
      const expected = rows.map(([, g]) => g);
      expectClose(gradientAt(config, xs), expected, 'estimator');
      expectClose(xs.map(referenceGrad(config)), expected, 'reference');
    });
  }

  it('is periodic with period T', () => {
    const config = { n: 3, T: 2 * Math.PI };
    const [a, b] = [gradientAt(config, [0.4]), gradientAt(config, [0.4 + 2 * Math.PI])];
    expect(Math.abs(a[0] - b[0])).toBeLessThan(1e-5);
  });

  it('its surrogate is the n-term series of sign: (4/π)(sin x + sin 3x/3) at n = 2, T = 2π', () => {
    const xs = [0, Math.PI / 2, -Math.PI / 2, 1];
    const values = tf.tidy(() => Array.from(createFDA({ n: 2 }).surrogate(tf.tensor1d(xs)).dataSync()));
    const series = (x: number) => (4 / Math.PI) * (Math.sin(x) + Math.sin(3 * x) / 3);
    expectClose(values, xs.map(series), 'surrogate');
    expectClose([values[1]], [8 / (3 * Math.PI)], 'surrogate at π/2 by hand'); // (4/π)(1 − 1/3)
  });

  it('forwards exactly ±1, with sign(0) = +1', () => {
    const values = tf.tidy(() => Array.from(createFDA().forward(tf.tensor1d([-2, -1e-30, 0, 1e-30, 3])).dataSync()));
    expect(values).toEqual([-1, -1, 1, 1, 1]);
  });
});
