import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countsDuring, expectSameAsCpu, input, nativeReady } from './helpers.js';

type Pad = 'same' | 'valid' | number;

describe.skipIf(!nativeReady)('pooling kernels', () => {
  const cases: [string, number[], number, number, Pad][] = [
    ['2x2 stride 2 valid', [2, 8, 8, 3], 2, 2, 'valid'],
    ['3x3 stride 2 same, odd size', [2, 9, 7, 4], 3, 2, 'same'],
    ['1x1 stride 2 (subsampling), batch 1', [1, 7, 7, 5], 1, 2, 'valid'],
    ['3x3 stride 1 explicit 1', [1, 6, 5, 2], 3, 1, 1],
  ];
  for (const [name, shape, size, stride, pad] of cases) {
    for (const kind of ['max', 'avg'] as const) {
      it(`${kind} pool and its gradient match cpu and run natively: ${name}`, async () => {
        const f = (x: tf.Tensor): tf.Tensor =>
          kind === 'max' ? tf.maxPool(x as tf.Tensor4D, size, stride, pad) : tf.avgPool(x as tf.Tensor4D, size, stride, pad);
        const forwardAndGrad = (x: tf.Tensor): tf.Tensor[] => {
          const y = f(x);
          const upstream = tf.randomUniform(y.shape, -1, 1, 'float32', 3);
          return [y, tf.grad((p: tf.Tensor) => tf.sum(tf.mul(f(p), upstream)))(x)];
        };
        await expectSameAsCpu([input(shape, 1)], (x) => forwardAndGrad(x as tf.Tensor));
        const names = kind === 'max' ? ['MaxPool', 'MaxPoolGrad'] : ['AvgPool', 'AvgPoolGrad'];
        const counts = await countsDuring(names, () => {
          tf.tidy(() => forwardAndGrad(tf.randomUniform(shape, -1, 1, 'float32', 4)));
        });
        expect(counts[names[0] as string]?.fallback).toBe(0);
        expect(counts[names[0] as string]?.native).toBeGreaterThan(0);
        // tfjs's average-pool gradient divides by the whole window even where it overlaps the
        // padding (its forward pass does not); the native kernel defers to cpu there.
        const padded = kind === 'avg' && pad !== 'valid' && !(size === 1);
        expect(counts[names[1] as string]).toEqual(padded ? { native: 0, fallback: 1 } : { native: 1, fallback: 0 });
      });
    }
  }

  it("falls back to cpu for 'ceil' rounding (oneDNN sizes outputs by floor), with cpu results", async () => {
    await expectSameAsCpu([input([1, 6, 6, 2], 5)], (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 0, 'ceil'));
    const counts = await countsDuring(['MaxPool'], () => {
      tf.tidy(() => tf.maxPool(tf.ones([1, 6, 6, 2]) as tf.Tensor4D, 3, 2, 0, 'ceil'));
    });
    expect(counts['MaxPool']).toEqual({ native: 0, fallback: 1 });
  });
});
