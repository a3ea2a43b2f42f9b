import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { checkBits } from './config.js';
import { DoReFaEstimator } from './dorefa-estimator.js';
import { quantizeK } from './quantize-k.js';

/**
 * DoReFa's k-bit activations, k >= 1 (Zhou et al., "DoReFa-Net", arXiv:1606.06160;
 * tensorpack's `dorefa.py` and `resnet-dorefa.py`).
 *
 * Forward: `q(a) = quantize_k(clip(a, 0, 1))`, `quantize_k(r) = round((2^k − 1)·r) / (2^k − 1)`
 * with `round` half to even: 2^k levels in [0, 1]; k = 1 gives {0, 1} with q(0.5) = 0.
 *
 * Pseudo-gradient (the clip's derivative, `round` passed straight through):
 * ```
 *   γ(a) = 1 if 0 <= a <= 1,  0 otherwise
 * ```
 * Both ends are inside, as TensorFlow's `clip_by_value` gradient has them.
 *
 * Surrogate: `F(a) = clip(a, 0, 1)`.
 */
export class DoReFaActivations extends DoReFaEstimator {
  /** @param bits the bit-width k, an integer from 1 to 16 */
  constructor(bits: number) {
    super(checkBits(bits), 'activations');
  }

  forward(a: Tensor): Tensor {
    return tf.tidy(() => quantizeK(tf.clipByValue(a, 0, 1), this.bits));
  }

  pseudoGrad(a: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => {
      const inside = tf.logicalAnd(tf.greaterEqual(a, tf.scalar(0)), tf.lessEqual(a, tf.scalar(1)));
      return tf.where(inside, dy, tf.zerosLike(dy));
    });
  }

  surrogate(a: Tensor): Tensor {
    return tf.clipByValue(a, 0, 1);
  }
}
