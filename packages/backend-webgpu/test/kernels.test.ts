import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mergeUnpaddedAxes } from '../src/kernels/pad-v2.js';
import { expectSameAsCpu, input, requireAdapterInCi, webGpuReady, type Input } from './helpers.js';

requireAdapterInCi();

/** Seeded values in {-1, 0, 1}. */
function tiedInput(shape: number[], seed: number): Input {
  const { values } = input(shape, seed, -1.5, 1.5);
  return { shape, values: values.map((v) => Math.round(v)), dtype: 'float32' };
}

/** y and the gradient of sum(y * w) with respect to x, for a seeded weighting w of y. */
function withGrad(f: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor, w: tf.Tensor) => tf.Tensor[] {
  return (x, w) => {
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))(x);
    return [f(x), value, grad];
  };
}

describe('mergeUnpaddedAxes', () => {
  it('merges each unpadded axis into the padded axis before it, scaling that axis padding', () => {
    // The gradient of option A's stride-2 slice: [n, rows, 2, cols, 2, c] padded on the two 2-axes.
    expect(mergeUnpaddedAxes([3, 4, 1, 4, 1, 16], [[0, 0], [0, 0], [0, 1], [0, 0], [0, 1], [0, 0]])).toEqual({
      shape: [12, 4, 16],
      paddings: [[0, 0], [0, 4], [0, 16]],
    });
    expect(mergeUnpaddedAxes([2, 3], [[1, 2], [0, 0]])).toEqual({ shape: [6], paddings: [[3, 6]] });
  });
});

describe.skipIf(!webGpuReady)('signflow kernels on webgpu', () => {
  it('pads rank-6 tensors (the gradient of a rank-6 slice) as cpu does', async () => {
    const x = input([2, 4, 2, 4, 2, 3], 1);
    await expectSameAsCpu([x, input([2, 4, 1, 4, 1, 3], 2)], withGrad((t) => tf.slice(t, [0, 0, 0, 0, 0, 0], [2, 4, 1, 4, 1, 3])));
    // Five padded axes: padded in two passes.
    await expectSameAsCpu([input([2, 3, 2, 3, 2, 2], 3)], (t) => tf.pad(t, [[1, 0], [0, 1], [1, 1], [0, 0], [2, 0], [0, 1]], 0.5));
    await expectSameAsCpu([input([2, 3, 4, 2, 3], 4)], (t) => tf.pad(t, [[0, 0], [1, 2], [0, 0], [0, 0], [1, 0]]));
  });

  it('sends a max pool gradient to the first of equal maxima, as cpu does', async () => {
    // Values in {-1, 0, 1}: most windows hold equal maxima.
    const x = tiedInput([2, 9, 9, 5], 5);
    await expectSameAsCpu([x, input([2, 4, 4, 5], 6)], withGrad((t) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')));
    await expectSameAsCpu([x, input([2, 5, 5, 5], 7)], withGrad((t) => tf.maxPool(t as tf.Tensor4D, 3, 2, 'same')));
    await expectSameAsCpu([x, input([2, 9, 9, 5], 8)], withGrad((t) => tf.maxPool(t as tf.Tensor4D, 3, 1, 'same')));
    // -Infinity padding (ResNet's padded max pool).
    await expectSameAsCpu(
      [x, input([2, 5, 5, 5], 9)],
      withGrad((t) => tf.maxPool(tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]], -Infinity) as tf.Tensor4D, 3, 2, 'valid')),
    );
  });
});
