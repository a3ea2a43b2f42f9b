import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

describe('Random (xoshiro128**)', () => {
  it('matches the reference C implementation from state (1, 2, 3, 4)', () => {
    // Outputs and final state of xoshiro128starstar.c (Blackman & Vigna), compiled with gcc.
    const random = new Random([1, 2, 3, 4]);
    const outputs = Array.from({ length: 6 }, () => random.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
    expect(random.state).toEqual([1110993931, 286554632, 2431677446, 2165318166]);
  });

  it('continues the same stream from a saved state', () => {
    const a = Random.fromSeed(42, 7);
    for (let i = 0; i < 10; i++) a.nextUint32();
    const b = new Random(a.state);
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(Array.from({ length: 20 }, () => a.nextUint32()));
  });

  it('derives the same stream from the same seed parts and different ones otherwise', () => {
    const draw = (...parts: number[]): number[] => {
      const r = Random.fromSeed(...parts);
      return Array.from({ length: 4 }, () => r.nextUint32());
    };
    expect(draw(1, 2)).toEqual(draw(1, 2));
    expect(draw(1, 2)).not.toEqual(draw(2, 1));
    expect(draw(1, 2)).not.toEqual(draw(1, 2, 0));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('draws integers in range with every value reachable, and floats in [0, 1)', () => {
    const random = Random.fromSeed(3);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[random.nextInt(7)]++;
    // Each count is Binomial(7000, 1/7): mean 1000, sd 29; 6 sd either way never fails by chance.
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(175);
    for (let i = 0; i < 1000; i++) {
      const x = random.nextFloat();
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(random.nextInt(1)).toBe(0);
  });

  it('rejects invalid states, seeds and bounds', () => {
    expect(() => new Random([0, 0, 0, 0])).toThrow(/all zero/);
    expect(() => new Random([1, 2, 3, -1])).toThrow(/unsigned 32-bit/);
    expect(() => Random.fromSeed(0.5)).toThrow(/safe integer, got 0.5/);
    expect(() => Random.fromSeed(1).nextInt(0)).toThrow(/got 0/);
  });
});
