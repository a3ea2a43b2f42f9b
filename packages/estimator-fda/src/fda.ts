import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig, type HyperSpec } from '@signflow/core';

/** The configuration of an {@link FDA} estimator (JSON numbers). */
export type FDAConfig = {
  /** The number n >= 1 of Fourier terms kept: more terms follow sign more closely. */
  n: number;
  /** The period T > 0 of the square wave whose series approximates sign on (−T/2, T/2). */
  T: number;
};

/** n = 4 terms of the series of period T = 2π (ω = 1); see {@link FDA} for why. */
export const FDA_DEFAULTS: Readonly<FDAConfig> = Object.freeze({ n: 4, T: 2 * Math.PI });

const FDA_HYPER: Record<keyof FDAConfig, HyperSpec> = {
  n: { description: 'the number of Fourier terms kept', min: 1, integer: true },
  T: { description: 'the period of the square wave approximating sign on (−T/2, T/2)', min: 0, minExclusive: true },
};

/**
 * FDA, the frequency domain approximation of sign's gradient (Xu, Han, Xu, Tang, Xu, Wang,
 * "Learning Frequency Domain Approximation for Binary Neural Networks", NeurIPS 2021,
 * arXiv:2103.00841), docs/method.md §5.7 (written from the paper, no reference code).
 *
 * sign(x) on (−T/2, T/2) is the square wave of period T, whose Fourier series is
 * `(4/π) Σ_{i>=0} sin((2i+1)ωx)/(2i+1)` with ω = 2π/T. FDA keeps the first n terms.
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ(x) = (4ω/π) · Σ_{i=0}^{n−1} cos((2i+1)·ω·x),    ω = 2π/T
 * ```
 * (= (2ω/π)·sin(2nωx)/sin(ωx)): a peak of height 4nω/π at 0, of half-width π/(2nω), with
 * side lobes of both signs; it is periodic with period T, with a negative peak at ±T/2 where the
 * square wave steps down.
 *
 * Surrogate: `F(x) = (4/π) · Σ_{i=0}^{n−1} sin((2i+1)·ω·x)/(2i+1)`.
 *
 * Arguments: `n`, an integer >= 1 (default 4), and `T` > 0 (default 2π, so ω = 1). The values used
 * by the FDA paper and by the ReSTE paper's comparison could not be checked. T = 2π makes the
 * series exact on |x| < π, which holds nearly all batch-normalised activations (99.8% of a unit
 * normal) and latent weights, and keeps the negative peak at ±π away from them; n = 4 keeps the
 * peak at 0 moderate (16/π ≈ 5.1) and its main lobe at |x| < π/8. FDA's noise-adaptation module
 * is a learnt layer, not an estimator, and is not part of this package.
 */
export class FDA extends BaseEstimator {
  /** Use {@link createFDA}, which validates a partial config and fills the defaults. */
  constructor(config: FDAConfig) {
    super('fda', 1, FDA_HYPER, config);
  }

  /** The fundamental angular frequency ω = 2π/T. */
  get omega(): number {
    return (2 * Math.PI) / this.hyper.T;
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    const omega = this.omega;
    return tf.tidy(() => {
      const sum = this.sumOverTerms(x, (angle) => tf.cos(angle));
      return tf.mul(dy, tf.mul(sum, tf.scalar((4 * omega) / Math.PI)));
    });
  }

  surrogate(x: Tensor): Tensor {
    return tf.tidy(() => tf.mul(this.sumOverTerms(x, (angle, harmonic) => tf.div(tf.sin(angle), tf.scalar(harmonic))), tf.scalar(4 / Math.PI)));
  }

  /** Σ_{i=0}^{n−1} term((2i+1)·ω·x, 2i+1); call inside a tidy. */
  private sumOverTerms(x: Tensor, term: (angle: Tensor, harmonic: number) => Tensor): Tensor {
    const omegaX = tf.mul(x, tf.scalar(this.omega));
    let sum = term(omegaX, 1);
    for (let i = 1; i < this.hyper.n; i++) {
      const harmonic = 2 * i + 1;
      sum = tf.add(sum, term(tf.mul(omegaX, tf.scalar(harmonic)), harmonic));
    }
    return sum;
  }
}

/**
 * Creates an {@link FDA} estimator. Missing fields take {@link FDA_DEFAULTS} (n = 4, T = 2π);
 * an unknown key, an n that is not an integer >= 1, or a T that is not a finite number > 0 throws
 * a RangeError naming the value and the range.
 *
 * @example
 * ```ts
 * const fda = createFDA({ n: 4 });
 * const xb = quantize(fda, x); // ±1 forward, (4/π)·Σ cos((2i+1)x) backward
 * ```
 */
export function createFDA(config?: Partial<FDAConfig>): FDA {
  return new FDA(resolveConfig('fda', { ...FDA_DEFAULTS }, config));
}
