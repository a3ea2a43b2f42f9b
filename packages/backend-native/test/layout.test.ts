import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countsDuring, expectSameAsCpu, input, nativeReady } from './helpers.js';

describe.skipIf(!nativeReady)('data-movement kernels', () => {
  it('Transpose matches cpu for several permutations and dtypes', async () => {
    const x = input([2, 3, 4, 5], 1);
    for (const perm of [[0, 3, 1, 2], [3, 2, 1, 0], [1, 0, 2, 3], [0, 1, 3, 2]]) {
      await expectSameAsCpu([x], (t) => tf.transpose(t as tf.Tensor, perm));
      await expectSameAsCpu([x], (t) => tf.cast(tf.transpose(tf.cast(tf.round(t as tf.Tensor), 'int32'), perm), 'float32'));
    }
  });

  it('Tile matches cpu, float32 and bool', async () => {
    const x = input([2, 3, 4], 2);
    for (const reps of [[1, 1, 3], [2, 1, 1], [3, 2, 2], [1, 4, 1]]) {
      await expectSameAsCpu([x], (t) => tf.tile(t as tf.Tensor, reps));
      await expectSameAsCpu([x], (t) => tf.cast(tf.tile(tf.greater(t as tf.Tensor, 0), reps), 'float32'));
    }
  });

  it('Slice matches cpu and copies (the result outlives its input)', async () => {
    const x = input([4, 5, 6, 3], 3);
    for (const [begin, size] of [
      [[0, 0, 0, 0], [4, 5, 6, 3]],
      [[1, 2, 0, 0], [2, 3, 6, 3]],
      [[0, 1, 2, 1], [-1, 3, 2, 2]],
      [[3, 4, 5, 2], [1, 1, 1, 1]],
    ] as [number[], number[]][]) {
      await expectSameAsCpu([x], (t) => tf.slice(t as tf.Tensor, begin, size));
    }
  });

  it('PadV2 matches cpu with a constant', async () => {
    await expectSameAsCpu([input([2, 3, 3, 4], 4)], (t) =>
      tf.pad(t as tf.Tensor, [
        [0, 0],
        [1, 2],
        [0, 1],
        [4, 4],
      ], 0.5),
    );
  });

  it('every layout kernel runs natively', async () => {
    const names = ['Transpose', 'Tile', 'Slice', 'PadV2'];
    const counts = await countsDuring(names, () => {
      tf.tidy(() => {
        const x = tf.ones([2, 3, 4]);
        return [tf.transpose(x, [2, 0, 1]), tf.tile(x, [1, 2, 1]), tf.slice(x, [0, 1, 0], [2, 1, 4]), tf.pad(x, [[1, 1], [0, 0], [0, 0]])];
      });
    });
    for (const name of names) expect(counts[name]).toEqual({ native: 1, fallback: 0 });
  });
});
