import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { followingScale } from '@signflow/core';

/** RBNN's k for a given t: max(1/t, 1), so that the gradient at 0, √2·k·t, is never below √2. */
export function rbnnScale(t: number): number {
  return followingScale(t);
}

/** dy · max(0, k·(√2·t − t²·|x|)). */
export function rbnnGrad(x: Tensor, dy: Tensor, k: number, t: number): Tensor {
  return tf.tidy(() => {
    const line = tf.sub(tf.scalar(Math.SQRT2 * t), tf.mul(tf.scalar(t * t), tf.abs(x)));
    return tf.mul(dy, tf.relu(tf.mul(tf.scalar(k), line)));
  });
}

/**
 * k·(√2·t·c − sign(c)·t²·c²/2) with c = clip(x, −√2/t, √2/t): the function whose derivative is
 * {@link rbnnGrad}, constant ±k beyond |x| = √2/t where the gradient is 0.
 */
export function rbnnSurrogate(x: Tensor, k: number, t: number): Tensor {
  return tf.tidy(() => {
    const edge = Math.SQRT2 / t;
    const c = tf.clipByValue(x, -edge, edge);
    const quadratic = tf.mul(tf.scalar((t * t) / 2), tf.mul(c, tf.abs(c)));
    return tf.mul(tf.scalar(k), tf.sub(tf.mul(tf.scalar(Math.SQRT2 * t), c), quadratic));
  });
}
