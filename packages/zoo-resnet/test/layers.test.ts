import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OptionAShortcut, PaddedMaxPool2D } from '../src/index.js';

describe('OptionAShortcut', () => {
  // x[0, h, w, c] = 1 + (3h + w)·2 + c on a 3×3×2 map.
  const x = (): tf.Tensor4D => tf.tensor4d(Array.from({ length: 18 }, (_, i) => i + 1), [1, 3, 3, 2]);

  it('keeps rows and columns 0 and 2, then pads one zero channel on each side', () => {
    const layer = new OptionAShortcut({ stride: 2, channelPadding: 1 });
    const y = layer.apply(x()) as tf.Tensor;
    const expected = [
      [
        [[0, 1, 2, 0], [0, 5, 6, 0]],
        [[0, 13, 14, 0], [0, 17, 18, 0]],
      ],
    ];
    expect(y.shape).toEqual(layer.computeOutputShape([1, 3, 3, 2]));
    expect(y.arraySync()).toEqual(expected);
  });

  it('passes the gradient to the kept positions only', () => {
    const layer = new OptionAShortcut({ stride: 2, channelPadding: 1 });
    const grad = tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t) as tf.Tensor))(x());
    const kept = new Set([0, 2]);
    const expected = Array.from({ length: 3 }, (_, h) => Array.from({ length: 3 }, (_, w) => Array(2).fill(kept.has(h) && kept.has(w) ? 1 : 0)));
    expect(grad.arraySync()).toEqual([expected]);
  });

  it('round-trips its config and rejects bad arguments', () => {
    const config = new OptionAShortcut({ stride: 2, channelPadding: 8 }).getConfig();
    expect(config).toMatchObject({ stride: 2, channelPadding: 8 });
    expect(() => new OptionAShortcut({ stride: 0, channelPadding: 1 })).toThrow(/stride = 0/);
    expect(() => new OptionAShortcut({ stride: 2, channelPadding: -1 })).toThrow(/channelPadding = -1/);
  });
});

describe('PaddedMaxPool2D', () => {
  it('pads with −∞: on an all-negative map, 3×3/2 pad 1 picks real values (zero padding would give 0)', () => {
    // x[h, w] = −(4h + w + 1) on a 4×4 map; windows cover rows/cols {−1..1} and {1..3}.
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => -(i + 1)), [1, 4, 4, 1]);
    const layer = new PaddedMaxPool2D({ poolSize: 3, strides: 2, padding: 1 });
    const y = layer.apply(x) as tf.Tensor;
    expect(y.arraySync()).toEqual([[[[-1], [-2]], [[-5], [-6]]]]);
    expect(y.shape).toEqual(layer.computeOutputShape([1, 4, 4, 1]));
  });

  it('rejects padding beyond half the window, as PyTorch does', () => {
    expect(() => new PaddedMaxPool2D({ poolSize: 3, strides: 2, padding: 2 })).toThrow(/padding = 2 must be at most half of poolSize = 3/);
  });
});
