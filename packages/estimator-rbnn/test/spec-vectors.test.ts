import * as tf from '@tensorflow/tfjs-core';
import { TrainingClock, quantize, type Estimator } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createRBNN, plugin } from '../src/index.js';
import { referenceGrad } from './reference.js';

// docs/method.md §10.8, RBNN with T_min = 0.01, T_max = 10, E = 1000: x → γ(x) (upstream 1).
const WEIGHTS_EPOCH_0: readonly [number, number][] = [[0, 1.414214], [1, 1.404214], [-1, 1.404214], [2, 1.394214], [-2, 1.394214]];
const ACTIVATIONS_EPOCH_0: readonly [number, number][] = [
  [0, 1.414214],
  [0.5, 0.914214],
  [-0.5, 0.914214],
  [1, 0.414214],
  [-1, 0.414214],
  [1.5, 0],
  [-1.5, 0],
];
const WEIGHTS_EPOCH_999: readonly [number, number][] = [[0, 14.044782], [0.1, 4.181987], [-0.1, 4.181987], [0.5, 0], [-0.5, 0]];

function gradientAt(estimator: Estimator, xs: readonly number[]): number[] {
  return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(estimator, x)))(tf.tensor1d([...xs])).dataSync()));
}

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `${what} [${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-5));
}

function expectTable(estimator: Estimator, table: readonly [number, number][], what: string): void {
  expectClose(
    gradientAt(estimator, table.map(([x]) => x)),
    table.map(([, g]) => g),
    what,
  );
}

describe('RBNN against docs/method.md §10.8, driven by the plugin’s default schedule', () => {
  it('declares RBNN’s schedule: t log-linear from 0.01 to 10 per epoch', () => {
    expect(plugin.defaultSchedules).toEqual([{ hyper: 't', schedule: { kind: 'exp', from: 0.01, to: 10 } }]);
  });

  const weights = createRBNN({ mode: 'weights' });
  const activations = createRBNN({ mode: 'activations' });
  const clock = new TrainingClock(1000, 2);
  for (const { hyper, schedule } of plugin.defaultSchedules ?? []) clock.bind({ estimators: [weights, activations], hyper, schedule });

  it('epoch 0: weights with t = 0.01, k = 100; activations with t_a = 1, k = 1', () => {
    clock.startEpoch(0);
    expectClose([weights.hyper.t, weights.hyper.k], [0.01, 100], 'weights (t, k)');
    expectTable(weights, WEIGHTS_EPOCH_0, 'weights, epoch 0');
    expectTable(activations, ACTIVATIONS_EPOCH_0, 'activations, epoch 0');
  });

  it('epoch 999: weights with t = 9.931160, k = 1', () => {
    clock.startEpoch(999);
    expectClose([weights.hyper.t, weights.hyper.k], [9.93116, 1], 'weights (t, k)');
    expectTable(weights, WEIGHTS_EPOCH_999, 'weights, epoch 999');
  });

  it('the reference reproduces the same vectors', () => {
    const check = (config: Parameters<typeof referenceGrad>[0], table: readonly [number, number][], what: string) =>
      expectClose(table.map(([x]) => referenceGrad(config)(x)), table.map(([, g]) => g), what);
    check({ mode: 'weights', t: 0.01 }, WEIGHTS_EPOCH_0, 'reference weights, epoch 0');
    check({ mode: 'activations', t: 0.01 }, ACTIVATIONS_EPOCH_0, 'reference activations, epoch 0');
    check({ mode: 'weights', t: 9.93116 }, WEIGHTS_EPOCH_999, 'reference weights, epoch 999');
  });

  it('activations follow t once it passes 1 (t = 2: γ(0) = 2√2, zero from |x| = √2/2)', () => {
    const a = createRBNN({ mode: 'activations', t: 2 });
    expectTable(a, [[0, 2 * Math.SQRT2], [0.5, 2 * Math.SQRT2 - 2], [0.75, 0]], 'activations, t = 2');
  });
});

describe('RBNN forward and surrogate', () => {
  it('forwards exactly ±1, with sign(0) = +1, in both modes', () => {
    for (const mode of ['weights', 'activations'] as const) {
      const values = tf.tidy(() => Array.from(createRBNN({ mode }).forward(tf.tensor1d([-2, -1e-30, 0, 1e-30, 3])).dataSync()));
      expect(values).toEqual([-1, -1, 1, 1, 1]);
    }
  });

  it('its surrogate rises to ±k at |x| = √2/t and stays there (t = 1, k = 1: F(0.5) = √2/2 − 1/8)', () => {
    const values = tf.tidy(() =>
      Array.from(createRBNN({ t: 1 }).surrogate(tf.tensor1d([0, 0.5, -0.5, Math.SQRT2, 3, -3])).dataSync()),
    );
    expectClose(values, [0, Math.SQRT1_2 - 0.125, -(Math.SQRT1_2 - 0.125), 1, 1, -1], 'surrogate');
  });
});
