import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split.js';

describe('stratifiedSplit', () => {
  it('puts floor(n_c * 4 / 5) of each class in train and the rest in test, each index once', () => {
    // Classes of sizes 5, 7 and 1, interleaved.
    const labels = [0, 1, 0, 1, 1, 0, 2, 1, 0, 1, 0, 1, 1];
    const { train, test } = stratifiedSplit(labels, 3, 4, 5, 1);
    const count = (indices: Uint32Array, c: number): number => Array.from(indices).filter((i) => labels[i] === c).length;
    expect([0, 1, 2].map((c) => count(train, c))).toEqual([4, 5, 0]);
    expect([0, 1, 2].map((c) => count(test, c))).toEqual([1, 2, 1]);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    // Class-major order: all of class 0, then class 1, then class 2.
    expect(Array.from(train, (i) => labels[i])).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('is a pure function of the labels and the seed', () => {
    const labels = Array.from({ length: 200 }, (_, i) => (i * 7) % 4);
    expect(stratifiedSplit(labels, 4, 4, 5, 3)).toEqual(stratifiedSplit(labels, 4, 4, 5, 3));
    expect(stratifiedSplit(labels, 4, 4, 5, 3).test).not.toEqual(stratifiedSplit(labels, 4, 4, 5, 4).test);
  });
});
