import * as tf from '@tensorflow/tfjs-core';
import { binarySign, type Estimator } from '@signflow/core';

/** Inputs on which a sign estimator must agree with `binarySign`: zeros of both signs, tiny, ordinary and huge values. */
const PROBE = [-1e30, -3, -1, -0.5, -1e-30, -0, 0, 1e-30, 0.5, 1, 3, 1e30];

/**
 * Whether `estimator`'s forward pass is the binary sign (0 → +1): checked on a probe, not taken
 * from its id, so that any plugin whose forward is the sign exports as binary and nothing else
 * does.
 */
export function isSignEstimator(estimator: Estimator): boolean {
  if (estimator.bits !== 1) return false;
  return tf.tidy(() => {
    const x = tf.tensor1d(PROBE);
    const got = estimator.forward(x).dataSync();
    const want = binarySign(x).dataSync();
    return got.length === want.length && got.every((v, i) => v === want[i]);
  });
}
