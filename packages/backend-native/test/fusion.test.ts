import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { NativeBackend } from '../src/backend.js';
import { expectSameAsCpu, input, nativeReady, randomArray } from './helpers.js';

// Large enough to be fused (smaller outputs are computed at once).
const SHAPE = [4, 32, 32, 8];
const SIZE = SHAPE.reduce((p, d) => p * d, 1);

/** Runs `body` on native and restores the previous backend. */
async function onNative<T>(body: (backend: NativeBackend) => T): Promise<T> {
  const before = tf.getBackend();
  await tf.setBackend('native');
  try {
    return body(tf.backend() as NativeBackend);
  } finally {
    await tf.setBackend(before);
  }
}

describe.skipIf(!nativeReady)('element-wise fusion', () => {
  it('gives cpu’s values for chains of unary, binary, comparison and cast kernels, with scalar operands', async () => {
    const x = input(SHAPE, 41, -3, 3);
    const y = input(SHAPE, 42, -3, 3);
    await expectSameAsCpu([x, y], (a, b) => {
      const sign = tf.sub(tf.mul(tf.cast(tf.greaterEqual(a as tf.Tensor, 0), 'float32'), 2), 1);
      const ste = tf.mul(b as tf.Tensor, tf.cast(tf.lessEqual(tf.abs(a as tf.Tensor), 1), 'float32'));
      const mixed = tf.div(tf.exp(tf.neg(tf.square(a as tf.Tensor))), tf.add(tf.sigmoid(b as tf.Tensor), tf.scalar(0.5)));
      const steps = tf.add(tf.step(a as tf.Tensor, 0.25), tf.leakyRelu(b as tf.Tensor, 0.1));
      const compare = tf.logicalNot(tf.notEqual(tf.relu(a as tf.Tensor), tf.relu6(b as tf.Tensor)));
      return [sign, ste, mixed, steps, tf.cast(compare, 'float32'), tf.maximum(tf.minimum(a as tf.Tensor, 1), b as tf.Tensor)];
    });
  });

  it('keeps NaN and infinity where cpu does', async () => {
    const values = randomArray(SIZE, 43, -2, 2);
    for (let i = 0; i < SIZE; i += 97) values[i] = Number.NaN;
    for (let i = 5; i < SIZE; i += 89) values[i] = Number.POSITIVE_INFINITY;
    await expectSameAsCpu([{ shape: SHAPE, values, dtype: 'float32' }], (a) => [
      tf.relu(tf.mul(a as tf.Tensor, -1)),
      tf.cast(tf.greater(a as tf.Tensor, 0), 'float32'),
      tf.sqrt(tf.abs(a as tf.Tensor)),
      tf.maximum(a as tf.Tensor, tf.scalar(0)),
    ]);
  });

  it('defers each kernel and evaluates the chain once, when read', async () => {
    await onNative((backend) => {
      const x = tf.tensor(randomArray(SIZE, 44), SHAPE);
      const sign = tf.tidy(() => tf.sub(tf.mul(tf.cast(tf.greaterEqual(x, 0), 'float32'), 2), 1));
      expect(backend.isDeferred(sign)).toBe(true);
      const xs = x.dataSync();
      const values = sign.dataSync();
      expect(backend.isDeferred(sign)).toBe(false);
      for (let i = 0; i < SIZE; i += 31) expect(values[i]).toBe((xs[i] as number) >= 0 ? 1 : -1);
      tf.dispose([x, sign]);
    });
  });

  it('holds its leaves until read, even when they are disposed or a variable is reassigned', async () => {
    await onNative((backend) => {
      const dataIds = backend.numDataIds();
      const start = randomArray(SIZE, 45);
      const initial = tf.tensor(start, SHAPE);
      const v = tf.variable(initial);
      const x = tf.tensor(randomArray(SIZE, 46), SHAPE);
      const sum = tf.add(v, x);
      const unread = tf.mul(v, x);
      // The variable moves to new data and the old one loses its last tensor.
      const zeros = tf.zerosLike(v);
      v.assign(zeros);
      tf.dispose([x, initial, zeros]);
      const values = sum.dataSync();
      const xs = randomArray(SIZE, 46);
      for (let i = 0; i < SIZE; i += 37) expect(values[i]).toBeCloseTo((start[i] as number) + (xs[i] as number), 6);
      // An output disposed unread releases what it held.
      tf.dispose([sum, unread, v]);
      expect(backend.numDataIds()).toBe(dataIds);
    });
  });

  it('fuses batch norm with given statistics into the chain, with cpu’s values (inference and training)', async () => {
    const x = input(SHAPE, 48, -3, 3);
    const channels = SHAPE[3] as number;
    const stats = [input([channels], 49), input([channels], 50, 0.2, 2), input([channels], 51), input([channels], 52, 0.5, 1.5)];
    await expectSameAsCpu([x, ...stats], (a, mean, variance, offset, scale) => {
      const normed = tf.batchNorm(a as tf.Tensor4D, mean as tf.Tensor1D, variance as tf.Tensor1D, offset as tf.Tensor1D, scale as tf.Tensor1D, 1e-3);
      const signed = tf.sub(tf.mul(tf.cast(tf.greaterEqual(tf.relu(normed), 0.5), 'float32'), 2), 1);
      // Batch statistics, as tfjs-layers computes them in training, and no scale or offset.
      const { mean: m, variance: v } = tf.moments(a as tf.Tensor, [0, 1, 2]);
      return [normed, signed, tf.relu(tf.batchNorm(a as tf.Tensor4D, m, v, undefined, undefined, 1e-5))];
    });
  });

  it('keeps per-channel vectors with their layout when a fused output is reshaped', async () => {
    const channels = SHAPE[3] as number;
    await expectSameAsCpu([input(SHAPE, 53, -2, 2), input([channels], 54), input([channels], 55, 0.5, 1.5)], (a, mean, variance) => {
      const normed = tf.batchNorm(a as tf.Tensor4D, mean as tf.Tensor1D, variance as tf.Tensor1D);
      // The same data seen with another last axis, then combined with a second per-channel chain.
      const flat = tf.reshape(normed, [SIZE / 32, 32]);
      const other = tf.reshape(tf.batchNorm(tf.reshape(a as tf.Tensor, [SIZE / 32, 32]) as tf.Tensor2D, tf.zeros([32]), tf.ones([32])), [SIZE / 32, 32]);
      return [tf.add(flat, other), tf.mul(tf.reshape(normed, [SIZE]), 2)];
    });
  });

  it('computes small outputs at once', async () => {
    await onNative((backend) => {
      const x = tf.tensor(randomArray(64, 47), [64]);
      const y = tf.relu(x);
      expect(backend.isDeferred(y)).toBe(false);
      tf.dispose([x, y]);
    });
  });
});
