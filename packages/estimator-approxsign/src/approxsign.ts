import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig } from '@signflow/core';

/** ApproxSign has no configuration: its config is the empty object. */
export type ApproxSignConfig = Record<string, never>;

/**
 * Bi-Real Net's ApproxSign (Liu, Wu, Luo, Yang, Liu, Cheng, "Bi-Real Net: Enhancing the
 * Performance of 1-bit CNNs With Improved Representational Capability and Advanced Training
 * Algorithm", ECCV 2018, arXiv:1808.00278), as the activation backward of `z-hXu/ReCU` computes
 * it (docs/method.md §5.5).
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ(x) = max(0, 2 − 2|x|)           2 + 2x on [−1, 0), 2 − 2x on [0, 1), 0 elsewhere
 * ```
 * Surrogate, the piecewise polynomial whose derivative γ is:
 * ```
 *   F(x) = −1 for x < −1,  2x + x² on [−1, 0),  2x − x² on [0, 1),  +1 for x >= 1
 * ```
 * No hyper-parameters. Bi-Real Net applies it to activations (its weights use a magnitude-aware
 * gradient, which is not this estimator).
 */
export class ApproxSign extends BaseEstimator {
  /** Use {@link createApproxSign}, which validates the (empty) config. */
  constructor() {
    super('approxsign', 1, {}, {});
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => tf.mul(dy, tf.relu(tf.sub(tf.scalar(2), tf.mul(tf.scalar(2), tf.abs(x))))));
  }

  surrogate(x: Tensor): Tensor {
    return tf.tidy(() => {
      // 2c − c·|c| on c = clip(x, −1, 1) is 2x ± x² inside and ±1 outside.
      const c = tf.clipByValue(x, -1, 1);
      return tf.sub(tf.mul(tf.scalar(2), c), tf.mul(c, tf.abs(c)));
    });
  }
}

/**
 * Creates an {@link ApproxSign} estimator. It takes no configuration: any key throws a RangeError
 * saying so.
 *
 * @example
 * ```ts
 * const approx = createApproxSign();
 * const ab = quantize(approx, a); // ±1 forward, max(0, 2 − 2|a|) backward
 * ```
 */
export function createApproxSign(config?: Partial<ApproxSignConfig>): ApproxSign {
  resolveConfig('approxsign', {}, config);
  return new ApproxSign();
}
