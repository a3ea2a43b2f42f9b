import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, registerEstimator, type EstimatorPlugin } from '@signflow/core';

/**
 * A test-local 1-bit estimator: sign forward (0 → +1), clipped identity backward (gradient passes
 * where |x| <= 1). Backbones never import estimator packages, so their tests bring their own.
 */
class SignSte extends BaseEstimator {
  constructor() {
    super('test-sign-ste', 1, {}, {});
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(x), 1), 'float32')));
  }
}

/** The plugin, registered so that saved models with this estimator load again. */
export const signStePlugin: EstimatorPlugin = { id: 'test-sign-ste', create: () => new SignSte() };
registerEstimator(signStePlugin);

/** A fresh test estimator. */
export function signSte(): SignSte {
  return new SignSte();
}
