import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig, type EstimatorPlugin } from '../src/index.js';

/**
 * A test-only sign estimator with a clipped-identity gradient scaled by `k` (γ = k on |x| <= 1),
 * so that core can be tested without any estimator package.
 */
export class ScaledSte extends BaseEstimator {
  constructor(config: { k: number }) {
    super(
      'test-scaled-ste',
      1,
      { k: { description: 'gradient scale', min: 0, minExclusive: true, scheduleDirection: 'non-decreasing' } },
      config,
    );
  }
  forward(x: Tensor): Tensor {
    return binarySign(x);
  }
  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => tf.mul(dy, tf.mul(tf.cast(tf.lessEqual(tf.abs(x), 1), 'float32'), this.hyper.k)));
  }
}

export const scaledStePlugin: EstimatorPlugin<{ k: number }> = {
  id: 'test-scaled-ste',
  create: (config) => new ScaledSte(resolveConfig('test-scaled-ste', { k: 1 }, config)),
};
