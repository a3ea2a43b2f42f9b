import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { FUSED_BATCH_NORM_GRAD } from '../src/kernels/batch-norm-support.js';
import type { NativeBackend } from '../src/backend.js';
import { countsDuring, expectClose, expectSameAsCpu, input, nativeReady } from './helpers.js';

/** Training-mode batch norm as tfjs-layers computes it: batch moments, then FusedBatchNorm. */
function trainingBatchNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): { y: tf.Tensor; mean: tf.Tensor } {
  const axes = x.shape.map((_, i) => i).slice(0, -1);
  const { mean, variance } = tf.moments(x, axes);
  return { y: tf.batchNorm(x, mean, variance, beta, gamma, 1e-5), mean };
}

describe.skipIf(!nativeReady)('batch normalisation', () => {
  it('FusedBatchNorm with given statistics matches cpu, with and without scale and offset, natively', async () => {
    const stats = [input([6], 2), input([6], 3, 0.2, 2), input([6], 4), input([6], 5)];
    await expectSameAsCpu([input([2, 5, 4, 6], 1), ...stats], (x, m, v, o, s) => [
      tf.batchNorm(x as tf.Tensor4D, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3),
      tf.batchNorm(x as tf.Tensor4D, m as tf.Tensor1D, v as tf.Tensor1D),
    ]);
    await expectSameAsCpu([input([7, 6], 6), ...stats], (x, m, v, o, s) =>
      tf.batchNorm(x as tf.Tensor2D, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D),
    );
    const counts = await countsDuring(['FusedBatchNorm'], () => {
      tf.tidy(() => tf.batchNorm(tf.ones([2, 2, 2, 3]), tf.zeros([3]), tf.ones([3])));
    });
    expect(counts['FusedBatchNorm']).toEqual({ native: 1, fallback: 0 });
  });

  it('training-mode gradients (x, gamma, beta) match cpu and run as one fused kernel', async () => {
    for (const shape of [[4, 5, 3, 8], [16, 6]]) {
      const channels = shape[shape.length - 1] as number;
      const inputs = [input(shape, 7, -2, 3), input([channels], 8, 0.5, 1.5), input([channels], 9), input(shape, 10)];
      const grads = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, up: tf.Tensor): tf.Tensor[] =>
        tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(trainingBatchNorm(p, q, r).y, up)))([x, g, b]);
      await expectSameAsCpu(inputs, (x, g, b, up) => grads(x as tf.Tensor, g as tf.Tensor, b as tf.Tensor, up as tf.Tensor));
      const counts = await countsDuring([FUSED_BATCH_NORM_GRAD, 'Tile', 'SquaredDifference'], () => {
        tf.tidy(() => grads(tf.randomNormal(shape), tf.ones([channels]), tf.zeros([channels]), tf.randomNormal(shape)));
      });
      expect(counts[FUSED_BATCH_NORM_GRAD]).toEqual({ native: 1, fallback: 0 });
      // tfjs's composed gradient tiles the inverse standard deviation; the fused one does not.
      expect(counts['Tile']).toEqual({ native: 0, fallback: 0 });
    }
  });

  it('computes a centred tensor, its square and their channel means like cpu, even when they are reused', async () => {
    await expectSameAsCpu([input([3, 5, 4, 6], 22, -2, 3)], (x) => {
      const mean = tf.mean(x as tf.Tensor, [0, 1, 2]);
      const centred = tf.sub(x as tf.Tensor, mean);
      const square = tf.square(centred);
      // The second square and mean of the same tensors must not see consumed precomputations.
      return [centred, square, tf.mean(square, [0, 1, 2]), tf.square(centred), tf.mean(square, [0, 1, 2], true), tf.mean(centred, [0, 1, 2])];
    });
  });

  it('never computes the centred tensor or its square for the variance, and keeps what they need alive until read', async () => {
    const before = tf.getBackend();
    await tf.setBackend('native');
    try {
      const backend = tf.backend() as NativeBackend;
      const dataIds = backend.numDataIds();
      const values = Float32Array.from(input([4, 3, 3, 5], 31, -2, 3).values);
      const x = tf.tensor(values, [4, 3, 3, 5]);
      const mean = tf.mean(x, [0, 1, 2]);
      const centred = tf.sub(x, mean);
      const square = tf.square(centred);
      const variance = tf.mean(square, [0, 1, 2]);
      expect(backend.isDeferred(centred) && backend.isDeferred(square)).toBe(true);
      // Hand-computed reference: biased variance per channel.
      const channels = 5;
      const rows = values.length / channels;
      const mu = Array.from({ length: channels }, (_, c) => values.filter((_, i) => i % channels === c).reduce((p, v) => p + v, 0) / rows);
      const expectedVariance = mu.map((m, c) => values.filter((_, i) => i % channels === c).reduce((p, v) => p + (v - m) ** 2, 0) / rows);
      expectClose(Float32Array.from(variance.dataSync()), Float32Array.from(expectedVariance), 1e-5);
      // The sources outlive their tensors while a deferred output may still need them.
      const meanValues = Float32Array.from(mean.dataSync());
      tf.dispose([x, mean]);
      const expectedCentred = values.map((v, i) => v - (meanValues[i % channels] as number));
      expectClose(Float32Array.from(centred.dataSync()), expectedCentred, 1e-6);
      expect(backend.isDeferred(centred)).toBe(false);
      tf.dispose([centred, variance]);
      // The unread square releases its sources when disposed: nothing is left behind.
      tf.dispose(square);
      expect(backend.numDataIds()).toBe(dataIds);
    } finally {
      await tf.setBackend(before);
    }
  });

  it('stays exact when the loss also uses the batch mean directly', async () => {
    const inputs = [input([3, 4, 4, 5], 11), input([5], 12, 0.5, 1.5), input([5], 13), input([3, 4, 4, 5], 14), input([5], 15)];
    await expectSameAsCpu(inputs, (x, g, b, up, w) =>
      tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => {
        const { y, mean } = trainingBatchNorm(p, q, r);
        return tf.add(tf.sum(tf.mul(y, up as tf.Tensor)), tf.sum(tf.mul(tf.square(mean), w as tf.Tensor)));
      })([x as tf.Tensor, g as tf.Tensor, b as tf.Tensor]),
    );
  });

  it('a tfjs-layers BatchNormalization layer in training gives cpu gradients', async () => {
    const layer = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
    layer.build([null, 4, 4, 6]);
    await expectSameAsCpu([input([3, 4, 4, 6], 16), input([3, 4, 4, 6], 17)], (x, up) => {
      const f = (p: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.apply(p, { training: true }) as tf.Tensor, up as tf.Tensor));
      const { grads } = tf.variableGrads(() => f(x as tf.Tensor));
      return [tf.grad(f)(x as tf.Tensor), ...Object.values(grads)];
    });
  });

  // tfjs differentiates FusedBatchNorm only with a scale and an offset given.
  it('inference-mode statistics keep tfjs gradient (mean and variance as independent inputs)', async () => {
    const inputs = [input([2, 3, 3, 4], 18), input([4], 19), input([4], 20, 0.5, 2), input([2, 3, 3, 4], 21)];
    await expectSameAsCpu(inputs, (x, m, v, up) =>
      tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) =>
        tf.sum(tf.mul(tf.batchNorm(p, q, r, tf.zeros([4]), tf.ones([4])), up as tf.Tensor)),
      )([
        x as tf.Tensor,
        m as tf.Tensor,
        v as tf.Tensor,
      ]),
    );
    const counts = await countsDuring([FUSED_BATCH_NORM_GRAD], () => {
      tf.tidy(() => tf.grad((p: tf.Tensor) => tf.sum(tf.batchNorm(p, tf.zeros([4]), tf.ones([4]), tf.zeros([4]), tf.ones([4]))))(tf.ones([2, 2, 2, 4])));
    });
    expect(counts[FUSED_BATCH_NORM_GRAD]).toEqual({ native: 0, fallback: 0 });
  });
});
