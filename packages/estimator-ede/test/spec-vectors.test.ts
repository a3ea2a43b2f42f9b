import * as tf from '@tensorflow/tfjs-core';
import { TrainingClock, quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createEDE, plugin } from '../src/index.js';
import { referenceGrad } from './reference.js';

// docs/method.md §10.8, EDE with T_min = 0.1, T_max = 10, E = 1000: epoch → t, k and γ(x) (upstream 1).
const TABLE_8_8: readonly { epoch: number; t: number; k: number; gamma: readonly [number, number][] }[] = [
  { epoch: 0, t: 0.1, k: 10, gamma: [[0, 1], [1, 0.990066], [-1, 0.990066], [2, 0.961043], [-2, 0.961043]] },
  {
    epoch: 500,
    t: 1,
    k: 1,
    gamma: [[0, 1], [0.5, 0.786448], [-0.5, 0.786448], [1, 0.419974], [-1, 0.419974], [2, 0.070651], [-2, 0.070651]],
  },
  { epoch: 999, t: 9.954054, k: 1, gamma: [[0, 9.954054], [0.1, 4.209769], [-0.1, 4.209769], [0.5, 0.001892], [-0.5, 0.001892]] },
];

/** dL/dx of L = Σ quantize(estimator, x) at each x. */
function gradientAt(estimator: ReturnType<typeof createEDE>, xs: readonly number[]): number[] {
  return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(estimator, x)))(tf.tensor1d([...xs])).dataSync()));
}

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `${what} [${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-5));
}

describe('EDE against docs/method.md §10.8, driven by the plugin’s default schedule', () => {
  it('declares IR-Net’s schedule: t log-linear from 0.1 to 10 per epoch', () => {
    expect(plugin.defaultSchedules).toEqual([{ hyper: 't', schedule: { kind: 'exp', from: 0.1, to: 10 } }]);
  });

  const weights = createEDE();
  const activations = createEDE();
  const clock = new TrainingClock(1000, 3);
  for (const { hyper, schedule } of plugin.defaultSchedules ?? []) clock.bind({ estimators: [weights, activations], hyper, schedule });

  for (const row of TABLE_8_8) {
    it(`epoch ${row.epoch}: t = ${row.t}, k = ${row.k} and the γ values of the table, on weights and activations`, () => {
      clock.startEpoch(row.epoch);
      for (const estimator of [weights, activations]) {
        expectClose([estimator.hyper.t, estimator.hyper.k], [row.t, row.k], `epoch ${row.epoch} (t, k)`);
        const xs = row.gamma.map(([x]) => x);
        const expected = row.gamma.map(([, g]) => g);
        expectClose(gradientAt(estimator, xs), expected, `epoch ${row.epoch} γ`);
        expectClose(xs.map(referenceGrad({ t: row.t, k: row.k })), expected, `epoch ${row.epoch} reference γ`);
      }
    });
  }

  it('keeps k following t between the table’s epochs (k = 1/t below t = 1)', () => {
    clock.startEpoch(250); // t = 0.1·100^0.25 = 0.316228
    expectClose([weights.hyper.t, weights.hyper.k], [0.316228, 3.162278], 'epoch 250 (t, k)');
  });
});

describe('EDE forward and surrogate', () => {
  it('forwards exactly ±1, with sign(0) = +1', () => {
    const values = tf.tidy(() => Array.from(createEDE({ t: 5 }).forward(tf.tensor1d([-2, -1e-30, 0, 1e-30, 3])).dataSync()));
    expect(values).toEqual([-1, -1, 1, 1, 1]);
  });

  it('its surrogate is k·tanh(t·x): tanh(1) = 0.761594 at t = 1, 10·tanh(0.2) = 1.973753 at t = 0.1', () => {
    const at = (t: number, xs: number[]) => tf.tidy(() => Array.from(createEDE({ t }).surrogate(tf.tensor1d(xs)).dataSync()));
    expectClose(at(1, [1, -1, 0]), [0.761594, -0.761594, 0], 'surrogate t = 1');
    expectClose(at(0.1, [2]), [1.973753], 'surrogate t = 0.1');
  });

  it('multiplies the upstream gradient', () => {
    const g = tf.tidy(() => Array.from(createEDE({ t: 1 }).pseudoGrad(tf.tensor1d([0, 1]), tf.tensor1d([-2, 0.5])).dataSync()));
    expectClose(g, [-2, 0.5 * 0.419974], 'pseudoGrad · dy');
  });
});
