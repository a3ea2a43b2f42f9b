import type { Tensor } from '@tensorflow/tfjs-core';
import { topKCorrect, topKCorrectAsync } from './top-k.js';

/** What a {@link TopKAccumulator} reports. */
export interface TopKResult {
  /** Samples seen since the last reset. */
  readonly samples: number;
  /** Accuracy in [0, 1] by k. */
  readonly accuracy: Record<number, number>;
}

/**
 * Accumulates top-k accuracies over the batches of an evaluation pass, so that the result is the
 * exact fraction over all samples (not a mean of batch accuracies).
 *
 * ```ts
 * const acc = new TopKAccumulator([1, 5]);
 * for (const { xs, ys } of batches) acc.update(model.predict(xs) as Tensor, ys);
 * acc.result(); // { samples, accuracy: { 1: 0.87, 5: 0.99 } }
 * ```
 */
export class TopKAccumulator {
  private readonly correct: number[];
  private samples = 0;
  /** The k values tracked. */
  readonly ks: readonly number[];

  /** @param ks the k values to track; default top-1 and top-5 */
  constructor(ks: readonly number[] = [1, 5]) {
    if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
      throw new RangeError(`TopKAccumulator: ks = ${JSON.stringify(ks)} must be a non-empty list of integers >= 1.`);
    }
    this.ks = [...ks];
    this.correct = ks.map(() => 0);
  }

  /** Adds one batch; does not dispose `logits` or `labels`. */
  update(logits: Tensor, labels: Tensor): void {
    const counts = this.ks.map((k) => topKCorrect(logits, labels, k));
    counts.forEach((c, i) => (this.correct[i] += c));
    this.samples += logits.shape[0];
  }

  /**
   * Adds one batch, reading the counts asynchronously (one read for every k): the form for
   * backends that cannot read synchronously (WebGPU in Node). Does not dispose `logits` or `labels`.
   */
  async updateAsync(logits: Tensor, labels: Tensor): Promise<void> {
    const counts = await topKCorrectAsync(logits, labels, this.ks);
    counts.forEach((c, i) => (this.correct[i] += c));
    this.samples += logits.shape[0];
  }

  /** The number of samples seen and the accuracy in [0, 1] for each k (NaN before any batch). */
  result(): TopKResult {
    const accuracy: Record<number, number> = {};
    this.ks.forEach((k, i) => (accuracy[k] = this.samples === 0 ? Number.NaN : this.correct[i] / this.samples));
    return { samples: this.samples, accuracy };
  }

  /** Clears the counts for a new pass. */
  reset(): void {
    this.correct.fill(0);
    this.samples = 0;
  }
}
