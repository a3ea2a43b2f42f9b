import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers tfjs-core's gradients (tfjs-core's Node build does not).
import '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmConv2DBackpropFilter } from '../src/backend/wasm-conv2d-backprop-filter.js';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** dL/dW of L = Σ conv2d(x, w) ⊙ r on the given backend, with fixed seeded inputs. */
type Shape4 = [number, number, number, number];

async function filterGradient(backend: string, xShape: Shape4, wShape: Shape4, stride: number, pad: Pad): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x: tf.Tensor4D = tf.randomNormal(xShape, 0, 1, 'float32', 1);
    const w: tf.Tensor4D = tf.randomNormal(wShape, 0, 1, 'float32', 2);
    const r = tf.randomNormal(tf.conv2d(x, w, stride, pad).shape as Shape4, 0, 1, 'float32', 3);
    return tf.grad((filter: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, filter as tf.Tensor4D, stride, pad), r)))(w).dataSync() as Float32Array;
  });
}

describe('wasm Conv2DBackpropFilter', () => {
  beforeAll(async () => {
    if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) tf.registerKernel(wasmConv2DBackpropFilter);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each<[string, Shape4, Shape4, number, Pad]>([
    ['3×3 stride 1 explicit pad 1', [2, 7, 6, 3], [3, 3, 3, 4], 1, 1],
    ['3×3 stride 2 explicit pad 1 (odd input)', [1, 9, 7, 2], [3, 3, 2, 5], 2, 1],
    ['1×1 stride 2 valid', [3, 8, 8, 4], [1, 1, 4, 6], 2, 'valid'],
    ['7×7 stride 2 pad 3', [1, 13, 13, 3], [7, 7, 3, 2], 2, 3],
    ['3×3 same, asymmetric explicit', [2, 6, 5, 2], [3, 3, 2, 3], 1, [[0, 0], [1, 0], [0, 2], [0, 0]]],
    ['5×3 same stride 2', [1, 10, 9, 3], [5, 3, 3, 2], 2, 'same'],
  ])('matches the cpu kernel: %s', async (_name, xShape, wShape, stride, pad) => {
    const want = await filterGradient('cpu', xShape, wShape, stride, pad);
    const got = await filterGradient('wasm', xShape, wShape, stride, pad);
    expect(got.length).toBe(want.length);
    want.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v))));
  });

  it('leaks no tensor and no wasm memory across calls', async () => {
    await tf.setBackend('wasm');
    await filterGradient('wasm', [2, 8, 8, 3], [3, 3, 3, 4], 1, 1);
    const before = tf.memory();
    for (let i = 0; i < 5; i++) await filterGradient('wasm', [2, 8, 8, 3], [3, 3, 3, 4], 1, 1);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
  });
});
