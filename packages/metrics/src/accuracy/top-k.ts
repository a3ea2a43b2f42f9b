import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Number of samples whose true class is among the `k` highest logits.
 *
 * Ties are broken deterministically, independent of the backend's sort: the true class's rank is
 * the number of classes with a strictly higher logit plus the number with an equal logit and a
 * lower class index, and the sample counts when that rank is below `k` (as a stable descending
 * sort would rank it). A sample with a NaN logit counts as wrong.
 *
 * @param logits [N, C] scores (logits or probabilities)
 * @param labels [N] integer class indices, or [N, C] one-hot rows
 * @param k 1 <= k <= C
 */
export function topKCorrect(logits: Tensor, labels: Tensor, k: number): number {
  const [n, classes] = checkLogits(logits);
  checkK(k, classes);
  const counts = topKCounts(logits, labels, labels.rank === 2 ? null : labels.dataSync(), [k], n, classes);
  try {
    return counts.dataSync()[0] as number;
  } finally {
    counts.dispose();
  }
}

/**
 * {@link topKCorrect} for several k at once, read asynchronously: the counts are computed on the
 * backend and downloaded with one read. Backends that cannot read synchronously (WebGPU in Node)
 * need this form; on the others it saves a read per k.
 *
 * @param logits [N, C] scores
 * @param labels [N] integer class indices, or [N, C] one-hot rows
 * @param ks each 1 <= k <= C
 * @returns the number of samples counted for each k, in the order of `ks`
 */
export async function topKCorrectAsync(logits: Tensor, labels: Tensor, ks: readonly number[]): Promise<number[]> {
  const [n, classes] = checkLogits(logits);
  for (const k of ks) checkK(k, classes);
  const counts = topKCounts(logits, labels, labels.rank === 2 ? null : await labels.data(), ks, n, classes);
  try {
    return Array.from(await counts.data());
  } finally {
    counts.dispose();
  }
}

/**
 * The counts of {@link topKCorrect} for each of `ks`, as an int32 tensor [ks.length]. Index labels
 * are checked against `labelValues` (their values, read by the caller).
 */
function topKCounts(logits: Tensor, labels: Tensor, labelValues: ArrayLike<number> | null, ks: readonly number[], n: number, classes: number): Tensor {
  const indices = labelIndices(labels, labelValues, n, classes);
  try {
    return tf.tidy(() => {
      const logits2d = tf.cast(logits, 'float32');
      // Selected with `where`, not multiplied by a one-hot mask: −∞ · 0 would be NaN.
      const isTrue = tf.cast(tf.oneHot(indices, classes), 'bool');
      const trueLogit = tf.sum(tf.where(isTrue, logits2d, tf.zerosLike(logits2d)), 1, true);
      const classIndex = tf.reshape(tf.range(0, classes, 1, 'int32'), [1, classes]);
      const higher = tf.greater(logits2d, trueLogit);
      const tiedBefore = tf.logicalAnd(tf.equal(logits2d, trueLogit), tf.less(classIndex, tf.reshape(indices, [n, 1])));
      const rank = tf.sum(tf.cast(tf.logicalOr(higher, tiedBefore), 'int32'), 1);
      const noNaN = tf.logicalNot(tf.any(tf.isNaN(logits2d), 1));
      return tf.stack(ks.map((k) => tf.sum(tf.cast(tf.logicalAnd(tf.less(rank, k), noNaN), 'int32'))));
    });
  } finally {
    if (indices !== labels) indices.dispose();
  }
}

/**
 * Top-k accuracy: the fraction of samples whose true class is among the `k` highest logits, in
 * [0, 1]. Ties are broken by class index (see {@link topKCorrect}).
 *
 * @param logits [N, C] scores
 * @param labels [N] integer class indices, or [N, C] one-hot rows
 * @param k 1 for top-1, 5 for top-5
 */
export function topKAccuracy(logits: Tensor, labels: Tensor, k: number): number {
  return topKCorrect(logits, labels, k) / logits.shape[0];
}

function checkK(k: number, classes: number): void {
  if (!Number.isInteger(k) || k < 1 || k > classes) {
    throw new RangeError(`topKAccuracy: k = ${String(k)} must be an integer in 1..${classes} (the number of classes).`);
  }
}

function checkLogits(logits: Tensor): [number, number] {
  if (logits.rank !== 2) {
    throw new RangeError(`topKAccuracy: logits must be [samples, classes], got shape [${logits.shape.join(', ')}].`);
  }
  const [n, classes] = logits.shape as [number, number];
  if (n === 0 || classes === 0) throw new RangeError(`topKAccuracy: logits of shape [${n}, ${classes}] hold no sample or no class.`);
  return [n, classes];
}

/** [N] int32 class indices from index or one-hot labels; index labels are checked against the class count. */
function labelIndices(labels: Tensor, labelValues: ArrayLike<number> | null, n: number, classes: number): Tensor {
  if (labels.rank === 2) {
    if (labels.shape[0] !== n || labels.shape[1] !== classes) {
      throw new RangeError(`topKAccuracy: one-hot labels of shape [${labels.shape.join(', ')}] do not match logits [${n}, ${classes}].`);
    }
    return tf.argMax(labels, 1);
  }
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new RangeError(`topKAccuracy: labels must be [${n}] class indices or [${n}, ${classes}] one-hot rows, got shape [${labels.shape.join(', ')}].`);
  }
  const values = labelValues as ArrayLike<number>;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new RangeError(`topKAccuracy: labels[${i}] = ${String(v)} is not a class index in 0..${classes - 1}.`);
    }
  }
  return labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
}
