import { describe, expect, it } from 'vitest';
import { epochOrder } from './shuffle.js';

describe('epochOrder', () => {
  it('is a permutation of 0..count-1', () => {
    const order = epochOrder(1000, 5, 0);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is a pure function of (seed, epoch), different for every epoch and seed', () => {
    expect(epochOrder(500, 9, 3)).toEqual(epochOrder(500, 9, 3));
    const orders = [epochOrder(500, 9, 0), epochOrder(500, 9, 1), epochOrder(500, 9, 2), epochOrder(500, 10, 0)];
    for (let i = 0; i < orders.length; i++) {
      for (let j = i + 1; j < orders.length; j++) expect(orders[i]).not.toEqual(orders[j]);
    }
  });

  it('moves every position about as often as a uniform shuffle would', () => {
    // Over 2000 epochs, P(element 0 lands at position p) should be 1/8 for every p.
    const hits = new Array<number>(8).fill(0);
    for (let epoch = 0; epoch < 2000; epoch++) hits[epochOrder(8, 1, epoch).indexOf(0)]++;
    // Binomial(2000, 1/8): mean 250, sd 14.8.
    for (const h of hits) expect(Math.abs(h - 250)).toBeLessThan(90);
  });

  it('handles empty and single-element splits and rejects a bad count', () => {
    expect(Array.from(epochOrder(0, 1, 1))).toEqual([]);
    expect(Array.from(epochOrder(1, 1, 1))).toEqual([0]);
    expect(() => epochOrder(-1, 1, 1)).toThrow(/got -1/);
  });
});
