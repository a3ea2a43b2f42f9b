import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * DoReFa's `quantize_k(r) = round((2^k − 1)·r) / (2^k − 1)` for r in [0, 1]: 2^k evenly spaced
 * levels. `tf.round` rounds half to even, as TensorFlow and PyTorch do (so 0.5 → 0 at k = 1).
 */
export function quantizeK(r: Tensor, bits: number): Tensor {
  const levels = 2 ** bits - 1;
  return tf.tidy(() => tf.div(tf.round(tf.mul(r, tf.scalar(levels))), tf.scalar(levels)));
}
