/**
 * Per-layer initialiser seeds derived from one model seed: two models built with the same seed
 * get identical weights, while the layers of one model draw independent streams (a single seed
 * shared by every layer would give equal-shaped layers equal weights).
 */
export class SeedStream {
  private drawn = 0;

  /** @param seed the model seed; undefined leaves every initialiser unseeded. */
  constructor(private readonly seed: number | undefined) {}

  /**
   * The seed of the next initialiser, in build order; undefined when the model has no seed.
   * Never 0: tfjs's random ops treat a seed of 0 as "no seed".
   */
  next(): number | undefined {
    if (this.seed === undefined) return undefined;
    this.drawn += 1;
    const low = this.seed >>> 0;
    const high = Math.floor(this.seed / 2 ** 32) >>> 0;
    const mixed = fmix32(fmix32(low ^ fmix32(high + 0x9e3779b9)) ^ fmix32(this.drawn));
    return mixed === 0 ? 1 : mixed;
  }
}

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 that spreads every input bit. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
