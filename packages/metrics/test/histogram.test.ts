import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fittingErrorHistogram, gradientHistogram, histogram } from '../src/index.js';

describe('histogram', () => {
  it('bins like NumPy: left-closed bins, the last one closed on both sides', () => {
    // np.histogram([0, 0.5, 1, 1.5, 2, 2], bins=4, range=(0, 2)) → edges [0, .5, 1, 1.5, 2], counts [1, 1, 1, 3]
    const h = histogram([0, 0.5, 1, 1.5, 2, 2], { bins: 4, range: [0, 2] });
    expect(h.edges).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(h.counts).toEqual([1, 1, 1, 3]);
    expect([h.below, h.above, h.nonFinite]).toEqual([0, 0, 0]);
  });

  it('defaults to the finite min and max, and counts what falls outside', () => {
    const h = histogram([-1, 3, Number.NaN, Infinity, 1], { bins: 2 });
    expect(h.edges).toEqual([-1, 1, 3]);
    expect(h.counts).toEqual([1, 2]);
    expect(h.nonFinite).toBe(2);
    const clipped = histogram([-5, 0.1, 9], { bins: 1, range: [0, 1] });
    expect([clipped.below, clipped.counts[0], clipped.above]).toEqual([1, 1, 1]);
    expect(histogram([2, 2], { bins: 2 }).edges).toEqual([1.5, 2, 2.5]);
  });

  it('serialises to JSON and back unchanged', () => {
    const h = histogram([0.1, 0.2, 0.9], { bins: 3, range: [0, 1] });
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
  });

  it('rejects bad options', () => {
    expect(() => histogram([1], { bins: 0 })).toThrow(/bins = 0/);
    expect(() => histogram([1], { range: [1, 1] })).toThrow(/low < high/);
    expect(() => histogram([Number.NaN])).toThrow(/no finite value/);
  });
});

describe('distributions of the binarised layers (appendix Fig. 2)', () => {
  it('histograms the fitting error f_o(W) − sign(W) over all layers', () => {
    // o = 2: W = [0.25, −1] → errors [−0.5, 0]; W = [0.04, 4] → errors [0.2 − 1, 2 − 1] = [−0.8, 1].
    const a = tf.tensor1d([0.25, -1]);
    const b = tf.tensor1d([0.04, 4]);
    const before = tf.memory().numTensors;
    const h = fittingErrorHistogram([a, b], 2, { bins: 2, range: [-1, 1] });
    expect(tf.memory().numTensors).toBe(before);
    expect(h.counts).toEqual([2, 2]); // [−1, 0): −0.8, −0.5; [0, 1]: 0, 1
    tf.dispose([a, b]);
  });

  it('histograms the gradients', () => {
    const g = tf.tensor1d([-0.2, 0.1, 0.3]);
    expect(gradientHistogram([g], { bins: 2, range: [-0.4, 0.4] }).counts).toEqual([1, 2]);
    g.dispose();
  });
});
