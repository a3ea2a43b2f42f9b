import { Random } from './random.js';

/** Seed part of the shuffling stream, which keeps it apart from the augmentation stream. */
const ORDER_STREAM = 0;
/** Seed part of the augmentation stream, which keeps it apart from the shuffling stream. */
export const AUGMENT_STREAM = 1;

/**
 * The order in which an epoch visits the `count` examples of a split: a permutation of
 * `0 .. count - 1` that is a pure function of `(seed, epoch)` (Fisher-Yates with a generator
 * seeded from both), so that a resumed run sees exactly the order it would have seen, and every
 * epoch sees a different one.
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`epochOrder needs a non-negative integer count, got ${count}`);
  }
  return shuffledIndices(count, Random.fromSeed(seed, epoch, ORDER_STREAM));
}

/** A uniformly random permutation of `0 .. count - 1` (Fisher-Yates, drawing from `random`). */
export function shuffledIndices(count: number, random: Random): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
