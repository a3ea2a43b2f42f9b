/**
 * A small seedable pseudo-random generator: xoshiro128** 1.1 (Blackman and Vigna,
 * https://prng.di.unimi.it/xoshiro128starstar.c), 128 bits of state, period 2^128 - 1.
 *
 * Its whole state is four 32-bit words, so a training run can save it with a checkpoint and
 * resume the exact same stream.
 */

/** The serialisable state of a {@link Random}: four unsigned 32-bit words, not all zero. */
export type RandomState = readonly [number, number, number, number];

const GOLDEN = 0x9e3779b9;

/** Murmur3's 32-bit finaliser: a bijective mix in which every input bit affects every output bit. */
function fmix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seeded xoshiro128** generator. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Starts from a saved state (see {@link Random.state}); {@link Random.fromSeed} is the usual entry. */
  constructor(state: RandomState) {
    if (state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new RangeError(`a Random state is four unsigned 32-bit integers, got [${state.join(', ')}]`);
    }
    if (state.every((w) => w === 0)) {
      throw new RangeError('a Random state must not be all zero (xoshiro would output only zeros)');
    }
    [this.s0, this.s1, this.s2, this.s3] = state;
  }

  /**
   * A generator whose stream is a pure function of the given integers, e.g. `(seed, epoch)`.
   * Each integer (any safe integer) is absorbed as two 32-bit words; the state is then expanded
   * SplitMix-style, so nearby seeds give unrelated streams.
   */
  static fromSeed(...parts: number[]): Random {
    let h = GOLDEN;
    for (const part of parts) {
      if (!Number.isSafeInteger(part)) {
        throw new RangeError(`a seed must be a safe integer, got ${part}`);
      }
      h = fmix32((h ^ (part >>> 0)) + GOLDEN);
      h = fmix32((h ^ Math.floor(part / 0x100000000)) + GOLDEN);
    }
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = (h + GOLDEN) >>> 0;
      words.push(fmix32(h));
    }
    // fmix32 is a bijection of a Weyl sequence, so the four words cannot all be zero.
    return new Random(words as unknown as RandomState);
  }

  /** The current state; `new Random(r.state)` continues the same stream. */
  get state(): RandomState {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float uniform in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** A float uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  /**
   * An integer uniform in [0, n), exactly (rejection sampling, no modulo bias).
   *
   * @param n - a positive integer up to 2^32.
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw new RangeError(`nextInt needs an integer bound in 1..2^32, got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
}
