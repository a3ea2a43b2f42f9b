import { describe, expect, it } from 'vitest';
import { topK } from './top-k.js';

describe('topK', () => {
  it('orders classes by probability, ties by index, and keeps k', () => {
    const scores = topK([0.1, 0.4, 0.05, 0.4, 0.05], ['a', 'b', 'c', 'd', 'e'], 3);
    expect(scores.map((s) => s.name)).toEqual(['b', 'd', 'a']);
    expect(scores[0]).toEqual({ index: 1, name: 'b', probability: 0.4 });
    expect(topK([1], [], 5)).toEqual([{ index: 0, name: 'class 0', probability: 1 }]);
  });
});
