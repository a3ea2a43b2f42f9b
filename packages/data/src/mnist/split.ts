import { Random } from '../random.js';
import { shuffledIndices } from '../shuffle.js';

/** Indices of the examples that go to each split. */
export interface SplitIndices {
  /** Indices of the training examples. */
  readonly train: Uint32Array;
  /** Indices of the test examples. */
  readonly test: Uint32Array;
}

/**
 * A deterministic stratified split. For each class `c` in turn (0, 1, …), the indices of its
 * examples, in their original order, are permuted by Fisher-Yates with a generator seeded from
 * `(seed, c)`; the first `floor(n_c * trainNumerator / trainDenominator)` go to train and the rest
 * to test. Each split lists class 0's examples first, then class 1's, and so on.
 *
 * @param labels - class index of each example.
 * @param numClasses - number of classes; labels are in `0 .. numClasses - 1`.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  numClasses: number,
  trainNumerator: number,
  trainDenominator: number,
  seed: number,
): SplitIndices {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((members, c) => {
    const order = shuffledIndices(members.length, Random.fromSeed(seed, c));
    const trainCount = Math.floor((members.length * trainNumerator) / trainDenominator);
    order.forEach((k, position) => (position < trainCount ? train : test).push(members[k]));
  });
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}
