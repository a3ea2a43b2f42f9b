import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { checkBits } from './config.js';
import { DoReFaEstimator } from './dorefa-estimator.js';
import { quantizeK } from './quantize-k.js';

/**
 * DoReFa's k-bit weights, k >= 2 (Zhou et al., "DoReFa-Net", arXiv:1606.06160;
 * tensorpack's `dorefa.py`).
 *
 * Forward, with M = max|tanh(w)| over the whole tensor:
 * ```
 *   q(w) = 2 · quantize_k( tanh(w) / (2M) + 1/2 ) − 1,    quantize_k(r) = round((2^k − 1)·r) / (2^k − 1)
 * ```
 * with `round` half to even: 2^k levels evenly spaced in [−1, 1].
 *
 * Pseudo-gradient: the exact derivative of the expression with `round` replaced by the identity,
 * i.e. of `tanh(w)/M`, including the path through M (as TensorFlow's autodiff gives it):
 * ```
 *   ∂L/∂w_i = dy_i · sech²(w_i) / M − (Σ_j dy_j · tanh(w_j)) / M² · ∂M/∂w_i
 *   ∂M/∂w_i = sign(tanh w_i) · sech²(w_i) / n   where |tanh w_i| = M (n such elements), else 0
 * ```
 * The gradient couples the elements through M, so there is no elementwise surrogate.
 * An all-zero tensor (M = 0, where the formula is 0/0) is quantised with M taken as 1.
 *
 * The values already lie in [−1, 1]: use these weights with `kernelScale: 'none'`, as the paper.
 */
export class DoReFaWeights extends DoReFaEstimator {
  /** @param bits the bit-width k, an integer from 2 to 16 (1 bit is {@link DoReFaSignWeights}) */
  constructor(bits: number) {
    super(checkBits(bits, 2), 'weights');
  }

  forward(w: Tensor): Tensor {
    return tf.tidy(() => {
      const tanh = tf.tanh(w);
      const normalised = tf.div(tanh, safeMax(tf.abs(tanh)));
      const levels = quantizeK(tf.add(tf.mul(normalised, tf.scalar(0.5)), tf.scalar(0.5)), this.bits);
      return tf.sub(tf.mul(levels, tf.scalar(2)), tf.scalar(1));
    });
  }

  pseudoGrad(w: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => {
      const tanh = tf.tanh(w);
      const magnitude = tf.abs(tanh);
      const rawMax = tf.max(magnitude);
      const max = safeMax(magnitude);
      const sech2 = tf.sub(tf.scalar(1), tf.square(tanh));
      const direct = tf.div(tf.mul(dy, sech2), max);
      // TensorFlow's reduce_max gradient shares the upstream evenly among tied maxima.
      const atMax = tf.cast(tf.equal(magnitude, rawMax), 'float32');
      const dMaxdW = tf.mul(tf.div(atMax, tf.sum(atMax)), tf.mul(tf.sign(tanh), sech2));
      const dLdMax = tf.neg(tf.div(tf.sum(tf.mul(dy, tanh)), tf.square(max)));
      return tf.add(direct, tf.mul(dLdMax, dMaxdW));
    });
  }
}

/** max(magnitude) over all elements, with 1 in place of 0 (an all-zero tensor). */
function safeMax(magnitude: Tensor): Tensor {
  return tf.tidy(() => {
    const max = tf.max(magnitude);
    return tf.where(tf.greater(max, tf.scalar(0)), max, tf.onesLike(max));
  });
}
