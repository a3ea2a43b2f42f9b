import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { TopKAccumulator, topKAccuracy, topKCorrect } from '../src/index.js';

describe('topKAccuracy', () => {
  // 4 samples, 4 classes. True-class ranks by hand: sample 0 rank 0, sample 1 rank 1,
  // sample 2 rank 3, sample 3 rank 2.
  const logits = tf.tensor2d(
    [
      [5, 1, 0, -1], // label 0: nothing higher → rank 0
      [2, 3, 1, 0], // label 0: class 1 higher → rank 1
      [4, 3, 2, 1], // label 3: three higher → rank 3
      [0, 9, 8, 1], // label 3: classes 1, 2 higher → rank 2
    ],
  );
  const labels = tf.tensor1d([0, 0, 3, 3], 'int32');

  it('counts the samples whose true class is among the k highest logits', () => {
    const before = tf.memory().numTensors;
    expect(topKAccuracy(logits, labels, 1)).toBe(1 / 4);
    expect(topKAccuracy(logits, labels, 2)).toBe(2 / 4);
    expect(topKAccuracy(logits, labels, 3)).toBe(3 / 4);
    expect(topKAccuracy(logits, labels, 4)).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts one-hot and float labels', () => {
    const oneHot = tf.oneHot(labels, 4);
    const floats = tf.tensor1d([0, 0, 3, 3]);
    expect(topKAccuracy(logits, oneHot, 2)).toBe(0.5);
    expect(topKAccuracy(logits, floats, 2)).toBe(0.5);
    tf.dispose([oneHot, floats]);
  });

  it('breaks ties by class index: a tied lower index ranks first', () => {
    // All logits equal: the true class's rank is its index.
    const flat = tf.zeros([3, 5]);
    const y = tf.tensor1d([0, 2, 4], 'int32');
    expect(topKCorrect(flat, y, 1)).toBe(1); // only label 0
    expect(topKCorrect(flat, y, 3)).toBe(2); // labels 0 and 2
    expect(topKCorrect(flat, y, 5)).toBe(3);
    tf.dispose([flat, y]);
  });

  it('counts a sample with a NaN logit as wrong, and handles −∞', () => {
    const l = tf.tensor2d([
      [Number.NaN, 1, 0],
      [-Infinity, 2, 1],
    ]);
    const y = tf.tensor1d([1, 1], 'int32');
    expect(topKCorrect(l, y, 1)).toBe(1);
    tf.dispose([l, y]);
  });

  it('rejects bad k, labels and shapes with clear messages', () => {
    expect(() => topKAccuracy(logits, labels, 5)).toThrow(/k = 5 must be an integer in 1..4/);
    expect(() => topKAccuracy(logits, labels, 0)).toThrow(/k = 0/);
    const bad = tf.tensor1d([0, 4, 1, 1], 'int32');
    expect(() => topKAccuracy(logits, bad, 1)).toThrow(/labels\[1\] = 4 is not a class index in 0..3/);
    const short = tf.tensor1d([0, 1], 'int32');
    expect(() => topKAccuracy(logits, short, 1)).toThrow(/labels must be \[4\] class indices/);
    const flat = tf.tensor1d([1, 2]);
    expect(() => topKAccuracy(flat, short, 1)).toThrow(/logits must be \[samples, classes\]/);
    tf.dispose([bad, short, flat]);
  });
});

describe('TopKAccumulator', () => {
  it('gives the exact fraction over all batches, not a mean of batch accuracies', () => {
    // Batch 1: 1 sample, correct at top-1. Batch 2: 3 samples, none correct at top-1, all at top-3.
    // Over 4 samples: top-1 = 1/4 (a mean of batch accuracies would give 1/2).
    const acc = new TopKAccumulator([1, 3]);
    const l1 = tf.tensor2d([[3, 2, 1]]);
    const y1 = tf.tensor1d([0], 'int32');
    const l2 = tf.tensor2d([
      [3, 2, 1],
      [3, 2, 1],
      [1, 2, 3],
    ]);
    const y2 = tf.tensor1d([2, 1, 0], 'int32');
    acc.update(l1, y1);
    acc.update(l2, y2);
    expect(acc.result()).toEqual({ samples: 4, accuracy: { 1: 0.25, 3: 1 } });
    acc.reset();
    expect(acc.result().samples).toBe(0);
    expect(Number.isNaN(acc.result().accuracy[1])).toBe(true);
    tf.dispose([l1, y1, l2, y2]);
  });

  it('rejects an empty or invalid list of k', () => {
    expect(() => new TopKAccumulator([])).toThrow(/non-empty list of integers >= 1/);
    expect(() => new TopKAccumulator([1, 0])).toThrow(/ks = \[1,0\]/);
  });
});
