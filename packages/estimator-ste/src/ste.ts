import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig, type HyperSpec } from '@signflow/core';

/** The configuration of an {@link STE} estimator. */
export type STEConfig = {
  /** Clip threshold > 0: the gradient passes where |x| <= clip and is 0 beyond. */
  clip: number;
};

/** The usual clip of 1 (the hardtanh gradient). */
export const STE_DEFAULTS: Readonly<STEConfig> = Object.freeze({ clip: 1 });

const STE_HYPER: Record<keyof STEConfig, HyperSpec> = {
  clip: { description: 'the threshold beyond which the gradient is 0', min: 0, minExclusive: true },
};

/**
 * The straight-through estimator with a clipped identity gradient (Hinton's lecture 15b, 2012;
 * Bengio, Léonard, Courville, arXiv:1308.3432; the hardtanh gradient of Hubara et al.,
 * "Binarized Neural Networks", NeurIPS 2016). The ReSTE paper's STE baseline.
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ(x) = 1 if |x| <= clip,  0 if |x| > clip        (|x| = clip keeps the gradient)
 * ```
 * compared in float32 against float32(clip).
 *
 * Surrogate: `F(x) = clip(x, −clip, clip)` (hardtanh for clip = 1).
 *
 * Arguments: `clip` > 0, default 1.
 */
export class STE extends BaseEstimator {
  /** Use {@link createSTE}, which validates a partial config and fills the default. */
  constructor(config: STEConfig) {
    super('ste', 1, STE_HYPER, config);
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => tf.where(tf.lessEqual(tf.abs(x), tf.scalar(this.hyper.clip)), dy, tf.zerosLike(dy)));
  }

  surrogate(x: Tensor): Tensor {
    const { clip } = this.hyper;
    return tf.clipByValue(x, -clip, clip);
  }
}

/**
 * Creates an {@link STE} estimator. A missing `clip` is 1; an unknown key or a clip that is not a
 * finite number > 0 throws a RangeError naming the value and the allowed range.
 *
 * @example
 * ```ts
 * const ste = createSTE();
 * const xb = quantize(ste, x); // ±1 forward, gradient 1 on |x| <= 1
 * ```
 */
export function createSTE(config?: Partial<STEConfig>): STE {
  return new STE(resolveConfig('ste', { ...STE_DEFAULTS }, config));
}
