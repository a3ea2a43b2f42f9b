import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { checkTensorList } from './tensor-list.js';

/** Unbiased (N − 1) variance of |g| over every element of `g`, as `torch.var` computes by default. */
function unbiasedVarianceOfAbs(g: Tensor): Tensor {
  return tf.tidy(() => {
    const a = tf.abs(tf.reshape(g, [-1]));
    const centred = tf.sub(a, tf.mean(a));
    return tf.div(tf.sum(tf.square(centred)), a.size - 1);
  });
}

/**
 * The gradient instability of each binarised layer: the unbiased variance of |∂L/∂W_ℓ| over
 * the layer's latent-weight gradient.
 *
 * @param weightGrads the latent-weight gradients of the binarised layers, one per layer (≥ 2 elements each)
 */
export function gradientInstabilityPerLayer(weightGrads: readonly Tensor[]): number[] {
  checkTensorList('gradientInstabilityPerLayer', 'weightGrads', weightGrads, 2);
  return weightGrads.map((g) => tf.tidy(() => unbiasedVarianceOfAbs(g).dataSync()[0]));
}

/**
 * The gradient instability s of one epoch exactly as the ReSTE authors' code computes it
 * (docs/method.md §9.3): the unbiased variance of |∂L/∂W_ℓ| per binarised layer, summed over layers.
 *
 * @param weightGrads the latent-weight gradients of the binarised layers ({@link kernelGradients});
 *   without weight decay, which the authors' optimiser adds outside `.grad`
 */
export function gradientInstability(weightGrads: Tensor[]): number {
  return gradientInstabilityPerLayer(weightGrads).reduce((sum, s) => sum + s, 0);
}

/**
 * The paper's wording of the gradient instability, s = var(|g|) over the gradients of all
 * binarised weights pooled together: one unbiased variance over the concatenation. Differs
 * from {@link gradientInstability} (what the authors' code reports) whenever layers differ in
 * mean gradient magnitude.
 */
export function gradientInstabilityPooled(weightGrads: Tensor[]): number {
  checkTensorList('gradientInstabilityPooled', 'weightGrads', weightGrads, 1);
  const total = weightGrads.reduce((n, g) => n + g.size, 0);
  if (total < 2) throw new RangeError(`gradientInstabilityPooled: the gradients hold ${total} element in all; at least 2 are needed.`);
  return tf.tidy(() => unbiasedVarianceOfAbs(tf.concat(weightGrads.map((g) => tf.reshape(g, [-1])))).dataSync()[0]);
}
