import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose, input, nativeReady, runOn } from './helpers.js';

/** Sign with 0 -> +1 and the clipped straight-through gradient dy * (|x| <= 1). */
const signSte = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [t, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([t]);
  return {
    value: tf.sub(tf.mul(tf.cast(tf.greaterEqual(t, 0), 'float32'), 2), 1),
    gradFunc: (dy, saved) => tf.mul(dy, tf.cast(tf.lessEqual(tf.abs((saved as tf.Tensor[])[0] as tf.Tensor), 1), 'float32')),
  };
}) as (x: tf.Tensor) => tf.Tensor;

interface Weights {
  readonly w1: tf.Tensor;
  readonly gamma: tf.Tensor;
  readonly beta: tf.Tensor;
  readonly w2: tf.Tensor;
  readonly dense: tf.Tensor;
  readonly bias: tf.Tensor;
}

/** conv -> batch norm (batch statistics) -> ReLU -> max pool -> sign STE conv -> mean -> dense -> loss. */
function loss(x: tf.Tensor, labels: tf.Tensor, w: Weights): tf.Scalar {
  let h: tf.Tensor = tf.conv2d(x as tf.Tensor4D, w.w1 as tf.Tensor4D, 1, 'same');
  const { mean, variance } = tf.moments(h, [0, 1, 2]);
  h = tf.relu(tf.batchNorm(h, mean, variance, w.beta, w.gamma, 1e-5));
  h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
  h = tf.conv2d(signSte(h) as tf.Tensor4D, signSte(w.w2) as tf.Tensor4D, 1, 'same');
  const logits = tf.add(tf.matMul(tf.mean(h, [1, 2]), w.dense), w.bias);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

const SHAPES = { x: [4, 8, 8, 3], labels: [4, 5], w1: [3, 3, 3, 8], gamma: [8], beta: [8], w2: [3, 3, 8, 6], dense: [6, 5], bias: [5] };

describe.skipIf(!nativeReady)('a conv + batch norm + pool + sign network', () => {
  it('has the same gradients on native as on cpu (1e-4 relative)', async () => {
    const labels = new Float32Array(20);
    for (let i = 0; i < 4; i++) labels[i * 5 + ((i * 3) % 5)] = 1;
    const inputs = [
      input(SHAPES.x, 1),
      { shape: SHAPES.labels, values: labels, dtype: 'float32' as const },
      input(SHAPES.w1, 2, -0.5, 0.5),
      input(SHAPES.gamma, 3, 0.5, 1.5),
      input(SHAPES.beta, 4, -0.2, 0.2),
      input(SHAPES.w2, 5, -0.5, 0.5),
      input(SHAPES.dense, 6, -0.5, 0.5),
      input(SHAPES.bias, 7, -0.1, 0.1),
    ];
    const run = (x: tf.Tensor, y: tf.Tensor, ...p: tf.Tensor[]): tf.Tensor[] => {
      const [w1, gamma, beta, w2, dense, bias] = p as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const f = (...q: tf.Tensor[]): tf.Scalar => {
        const [a, b, c, d, e, g] = q as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return loss(x, y, { w1: a, gamma: b, beta: c, w2: d, dense: e, bias: g });
      };
      const { value, grads } = tf.valueAndGrads(f)([w1, gamma, beta, w2, dense, bias]);
      return [value, ...grads];
    };
    const expected = await runOn('cpu', inputs, (...xs) => run(...(xs as [tf.Tensor, tf.Tensor, ...tf.Tensor[]])));
    const actual = await runOn('native', inputs, (...xs) => run(...(xs as [tf.Tensor, tf.Tensor, ...tf.Tensor[]])));
    actual.forEach((out, i) => expectClose(out.values, (expected[i] as { values: Float32Array }).values, 1e-4, 1e-7));
  });

  it('leaks no tensor over 100 training steps', async () => {
    await tf.setBackend('native');
    try {
      const make = (shape: number[], seed: number): tf.Variable => tf.variable(tf.randomUniform(shape, -0.5, 0.5, 'float32', seed));
      const w: Weights = {
        w1: make(SHAPES.w1, 1),
        gamma: tf.variable(tf.ones(SHAPES.gamma)),
        beta: tf.variable(tf.zeros(SHAPES.beta)),
        w2: make(SHAPES.w2, 2),
        dense: make(SHAPES.dense, 3),
        bias: tf.variable(tf.zeros(SHAPES.bias)),
      };
      const x = tf.randomNormal(SHAPES.x, 0, 1, 'float32', 4);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 5);
      const optimizer = tf.train.momentum(0.05, 0.9);
      const step = (): number => {
        const cost = optimizer.minimize(() => loss(x, labels, w), true) as tf.Scalar;
        const value = cost.dataSync()[0] as number;
        cost.dispose();
        return value;
      };
      const first = step();
      const tensorsAfterFirst = tf.memory().numTensors;
      let last = first;
      for (let i = 1; i < 100; i++) last = step();
      expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
      expect(last).toBeLessThan(first);
      optimizer.dispose();
      tf.dispose([x, labels, ...Object.values(w)]);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
