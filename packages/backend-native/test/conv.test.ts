import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { NativeBackend } from '../src/backend.js';
import { countsDuring, expectSameAsCpu, input, nativeReady, randomArray } from './helpers.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  readonly name: string;
  readonly x: number[];
  readonly k: number;
  readonly out: number;
  readonly stride: number;
  readonly pad: Pad;
}

const CASES: Case[] = [
  { name: '3x3 stride 1 same', x: [2, 8, 8, 3], k: 3, out: 4, stride: 1, pad: 'same' },
  { name: '3x3 stride 2 same, odd size', x: [2, 9, 7, 4], k: 3, out: 5, stride: 2, pad: 'same' },
  { name: '1x1 stride 2 valid', x: [3, 6, 6, 5], k: 1, out: 6, stride: 2, pad: 'valid' },
  { name: '7x7 stride 2 explicit, batch 1', x: [1, 15, 13, 3], k: 7, out: 8, stride: 2, pad: [[0, 0], [3, 2], [1, 3], [0, 0]] },
  { name: '3x3 valid, odd size with remainder', x: [1, 10, 11, 2], k: 3, out: 3, stride: 2, pad: 'valid' },
];

describe.skipIf(!nativeReady)('convolution kernels', () => {
  for (const c of CASES) {
    const filter = [c.k, c.k, c.x[3] as number, c.out];
    const conv = (x: tf.Tensor, w: tf.Tensor): tf.Tensor4D =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);

    it(`Conv2D forward and both gradients match cpu and run natively: ${c.name}`, async () => {
      const inputs = [input(c.x, 1), input(filter, 2)];
      const forwardAndGrads = (x: tf.Tensor, w: tf.Tensor): tf.Tensor[] => {
        const y = conv(x, w);
        // A random upstream gradient exercises both backprop kernels.
        const upstream = tf.randomUniform(y.shape, -1, 1, 'float32', 3);
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), upstream)))([x, w]);
        return [y, ...grads];
      };
      await expectSameAsCpu(inputs, (x, w) => forwardAndGrads(x as tf.Tensor, w as tf.Tensor));
      const counts = await countsDuring(['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'], () => {
        tf.tidy(() => forwardAndGrads(tf.ones(c.x), tf.ones(filter)));
      });
      for (const count of Object.values(counts)) expect(count.fallback).toBe(0);
      expect(counts['Conv2DBackpropFilter']?.native).toBe(1);
    });
  }

  it('Conv2D with dilation 2 matches cpu (tfjs has no gradient for dilated convolutions)', async () => {
    await expectSameAsCpu([input([2, 9, 9, 3], 12), input([3, 3, 3, 4], 13)], (x, w) =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NHWC', 2),
    );
  });

  it('FusedConv2D with bias and relu matches cpu and runs natively', async () => {
    const inputs = [input([2, 7, 7, 3], 4), input([3, 3, 3, 6], 5), input([6], 6)];
    await expectSameAsCpu(inputs, (x, w, b) =>
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b, strides: 2, pad: 'same', activation: 'relu' }),
    );
    const counts = await countsDuring(['FusedConv2D'], () => {
      tf.tidy(() => tf.fused.conv2d({ x: tf.ones([1, 5, 5, 3]) as tf.Tensor4D, filter: tf.ones([3, 3, 3, 2]) as tf.Tensor4D, strides: 1, pad: 'same', activation: 'relu6' }));
    });
    expect(counts['FusedConv2D']).toEqual({ native: 1, fallback: 0 });
  });

  it('falls back to cpu for NCHW data and prelu activation, with cpu results', async () => {
    await expectSameAsCpu([input([1, 3, 6, 6], 7), input([3, 3, 3, 4], 8)], (x, w) =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same', 'NCHW'),
    );
    await expectSameAsCpu([input([1, 6, 6, 3], 9), input([3, 3, 3, 4], 10), input([4], 11)], (x, w, a) =>
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', activation: 'prelu', preluActivationWeights: a }),
    );
    const nchw = await countsDuring(['Conv2D'], () => {
      tf.tidy(() => tf.conv2d(tf.ones([1, 3, 4, 4]) as tf.Tensor4D, tf.ones([3, 3, 3, 2]) as tf.Tensor4D, 1, 'same', 'NCHW'));
    });
    expect(nchw['Conv2D']).toEqual({ native: 0, fallback: 1 });
  });
});

describe.skipIf(!nativeReady)('convolution of signs (-1, 0, 1) in int8', () => {
  /** Runs `body` on native and counts the addon's int8 convolutions during it. */
  async function countTernary<T>(body: () => T): Promise<{ result: T; calls: number }> {
    const before = tf.getBackend();
    await tf.setBackend('native');
    const addon = (tf.backend() as NativeBackend).addon;
    const original = addon.conv2dTernary;
    let calls = 0;
    addon.conv2dTernary = (...args) => {
      calls++;
      original.apply(addon, args);
    };
    try {
      return { result: body(), calls };
    } finally {
      addon.conv2dTernary = original;
      await tf.setBackend(before);
    }
  }

  const signOf = (t: tf.Tensor): tf.Tensor => tf.sub(tf.mul(tf.cast(tf.greaterEqual(t, 0), 'float32'), 2), 1);
  const cases = [
    { name: 'sign chains, small and fused, stride 1', x: [2, 9, 9, 5], w: [3, 3, 5, 7], strides: 1, pad: 'same' as const },
    { name: 'sign chains on a fused-size input, stride 2', x: [4, 32, 32, 16], w: [3, 3, 16, 8], strides: 2, pad: 'same' as const },
  ];
  for (const c of cases) {
    it(`equals cpu’s float32 convolution exactly and runs in int8: ${c.name}`, async () => {
      const conv = (x: tf.Tensor, w: tf.Tensor): tf.Tensor =>
        tf.conv2d(signOf(x) as tf.Tensor4D, signOf(w) as tf.Tensor4D, c.strides, c.pad);
      const inputs = [input(c.x, 61), input(c.w, 62)];
      await expectSameAsCpu(inputs, (x, w) => conv(x as tf.Tensor, w as tf.Tensor), 0, 0);
      const { calls } = await countTernary(() =>
        tf.tidy(() => conv(tf.tensor(inputs[0]?.values as Float32Array, c.x), tf.tensor(inputs[1]?.values as Float32Array, c.w)).dataSync()),
      );
      expect(calls).toBe(1);
    });
  }

  it('runs a filter of signs times one scale (mean |w|, as signflow scales its kernels) in int8 too, within float rounding of cpu', async () => {
    const conv = (x: tf.Tensor, w: tf.Tensor): tf.Tensor =>
      tf.conv2d(signOf(x) as tf.Tensor4D, tf.mul(signOf(w), tf.mean(tf.abs(w))) as tf.Tensor4D, 1, 'same');
    const inputs = [input([4, 16, 16, 8], 65), input([3, 3, 8, 16], 66)];
    await expectSameAsCpu(inputs, (x, w) => conv(x as tf.Tensor, w as tf.Tensor), 1e-6, 0);
    const { calls } = await countTernary(() =>
      tf.tidy(() => conv(tf.tensor(inputs[0]?.values as Float32Array, [4, 16, 16, 8]), tf.tensor(inputs[1]?.values as Float32Array, [3, 3, 8, 16])).dataSync()),
    );
    expect(calls).toBe(1);
  });

  it('keeps float32 when a value may be anything else', async () => {
    const { calls } = await countTernary(() =>
      tf.tidy(() => {
        const x = tf.sign(tf.tensor(randomArray(2 * 8 * 8 * 4, 63), [2, 8, 8, 4]));
        // Signs times one scale are fine (above); times a different scale per channel are not.
        const w = tf.mul(tf.sign(tf.tensor(randomArray(3 * 3 * 4 * 3, 64), [3, 3, 4, 3])), tf.tensor1d([0.5, 0.25, 2]));
        return tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').dataSync();
      }),
    );
    expect(calls).toBe(0);
  });
});
