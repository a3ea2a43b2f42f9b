import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countsDuring, expectSameAsCpu, input, nativeReady } from './helpers.js';

const REDUCTIONS: [string, (x: tf.Tensor, axis: number | number[], keepDims: boolean) => tf.Tensor][] = [
  ['Sum', tf.sum],
  ['Mean', tf.mean],
  ['Max', tf.max],
  ['Min', tf.min],
  ['Prod', tf.prod],
];

const AXES: (number | number[])[] = [0, 3, -1, [0, 1, 2], [1, 2], [2, 1], [0, 1, 2, 3]];

describe.skipIf(!nativeReady)('reduction kernels', () => {
  for (const [name, op] of REDUCTIONS) {
    it(`${name} matches cpu over contiguous axes, with and without keepDims, natively`, async () => {
      // Values near 1 keep products finite.
      const x = input([3, 5, 4, 6], 1, name === 'Prod' ? 0.9 : -1, name === 'Prod' ? 1.1 : 1);
      for (const axis of AXES) {
        for (const keepDims of [false, true]) {
          await expectSameAsCpu([x], (t) => op(t as tf.Tensor, axis, keepDims), 1e-5);
        }
      }
      // A long column reduction takes the multi-threaded path.
      await expectSameAsCpu([input([3000, 24], 2)], (t) => op(t as tf.Tensor, 0, false), 1e-5);
      const counts = await countsDuring([name], () => {
        tf.tidy(() => op(tf.ones([2, 3, 4]), [0, 1], false));
      });
      expect(counts[name]).toEqual({ native: 1, fallback: 0 });
    });
  }

  it('falls back to cpu for non-contiguous axes and int32, with cpu results', async () => {
    await expectSameAsCpu([input([3, 4, 5], 3)], (t) => tf.sum(t as tf.Tensor, [0, 2]));
    const counts = await countsDuring(['Sum'], () => {
      tf.tidy(() => [tf.sum(tf.ones([3, 4, 5]), [0, 2]), tf.sum(tf.ones([3, 4], 'int32'), 0)]);
    });
    expect(counts['Sum']).toEqual({ native: 0, fallback: 2 });
  });
});
