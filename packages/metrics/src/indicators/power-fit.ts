import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Throws a RangeError naming `o` unless it is a finite number > 0. */
export function checkExponent(owner: string, o: number): number {
  if (typeof o !== 'number' || !Number.isFinite(o) || o <= 0) {
    throw new RangeError(`${owner}: o = ${String(o)} must be a finite number > 0 (ReSTE uses o >= 1, e.g. o_end = 3).`);
  }
  return o;
}

/**
 * The fitting error f_o(W) − sign(W) elementwise, with the pure power function
 * f_o(w) = sign(w)·|w|^(1/o) (no t/m truncation) and sign(0) = 0, as the ReSTE authors'
 * indicator code computes it (docs/method.md §9.2). The caller owns the returned tensor.
 */
export function fittingError(weights: Tensor, o: number): Tensor {
  checkExponent('fittingError', o);
  return tf.tidy(() => {
    const s = tf.sign(weights);
    const f = tf.mul(s, tf.pow(tf.abs(weights), 1 / o));
    return tf.sub(f, s);
  });
}
