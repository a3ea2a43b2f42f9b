import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig, type HyperSpec } from '@signflow/core';

/** The configuration of a {@link ReSTE} estimator (all fields are JSON numbers). */
export type ReSTEConfig = {
  /** Power o >= 1: 1 is the (clipped) STE, larger values move the estimator towards sign. */
  o: number;
  /** Clip threshold t > 0: the pseudo-gradient is 0 where |x| > t. */
  t: number;
  /** Interval m, 0 < m < t: on |x| <= m the pseudo-gradient is the constant secant slope. */
  m: number;
};

/** The authors' values: o starts at 1 (a schedule raises it), t = 1.5, m = 0.1. */
export const RESTE_DEFAULTS: Readonly<ReSTEConfig> = Object.freeze({ o: 1, t: 1.5, m: 0.1 });

const RESTE_HYPER: Record<keyof ReSTEConfig, HyperSpec> = {
  o: {
    description: 'the power of the equivalent forward sign(x)|x|^(1/o); 1 is the STE',
    min: 1,
    scheduleDirection: 'non-decreasing',
  },
  t: { description: 'the clip threshold beyond which the gradient is 0', min: 0, minExclusive: true },
  m: { description: 'the interval around 0 where the gradient is the secant slope', min: 0, minExclusive: true },
};

/**
 * ReSTE, the rectified straight-through estimator (Wu, Zheng, Liu, Zheng, "Estimator Meets
 * Equilibrium Perspective: A Rectified Straight Through Estimator for Binary Neural Networks
 * Training", ICCV 2023, arXiv:2308.06689), exactly as the authors' code computes it.
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient γ(x), multiplied by the upstream gradient:
 * ```
 *          ⎧ m^(1/o − 1)                  if |x| <= m       (secant slope from (0, 0) to (m, m^(1/o)))
 *   γ(x) = ⎨ (1/o) · |x|^((1 − o)/o)      if m < |x| <= t   (derivative of sign(x)|x|^(1/o))
 *          ⎩ 0                            if |x| > t
 * ```
 * The comparisons are made in float32 against float32(m) and float32(t), so x = float32(0.1) lies
 * in the secant branch; the secant constant is computed on the host in double precision from
 * float32(o). γ jumps at |x| = m for o > 1 (from m^(1/o − 1) to m^(1/o − 1)/o), as in the code.
 * o = 1 gives γ = 1 on |x| <= t: the straight-through estimator clipped at t.
 *
 * Surrogate (the function whose derivative γ is):
 * `F(x) = x·m^(1/o − 1)` on |x| <= m, `sign(x)|x|^(1/o)` on m < |x| <= t, and the constant
 * `sign(x)·t^(1/o)` beyond t.
 *
 * Arguments: `o` >= 1 (default 1; schedules may only raise it, e.g. cosine from 1 to 3),
 * `t` > 0 (default 1.5), `m` with 0 < m < t (default 0.1).
 */
export class ReSTE extends BaseEstimator {
  /** Use {@link createReSTE}, which validates a partial config and fills the defaults. */
  constructor(config: ReSTEConfig) {
    super('reste', 1, RESTE_HYPER, config);
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    const { o, t, m } = this.hyper;
    return tf.tidy(() => {
      const magnitude = tf.abs(x);
      const mScalar = tf.scalar(m);
      // The power is evaluated on max(|x|, m) so that |x| = 0 never reaches pow with a negative
      // exponent: no Inf or NaN exists anywhere, not even in the branch that `where` discards.
      const power = tf.mul(tf.pow(tf.maximum(magnitude, mScalar), tf.scalar((1 - o) / o)), tf.scalar(1 / o));
      const inner = tf.where(tf.lessEqual(magnitude, mScalar), tf.fill(x.shape, this.secantSlope()), power);
      const gamma = tf.where(tf.greater(magnitude, tf.scalar(t)), tf.zerosLike(x), inner);
      return tf.mul(dy, gamma);
    });
  }

  surrogate(x: Tensor): Tensor {
    const { o, t, m } = this.hyper;
    return tf.tidy(() => {
      // Clamping |x| to [m, t] gives the power branch and its constant continuation beyond t.
      const power = tf.mul(tf.sign(x), tf.pow(tf.clipByValue(tf.abs(x), m, t), tf.scalar(1 / o)));
      const secant = tf.mul(x, tf.scalar(this.secantSlope()));
      return tf.where(tf.lessEqual(tf.abs(x), tf.scalar(m)), secant, power);
    });
  }

  protected override validate(values: Readonly<Record<string, number>>): void {
    // Compared in float32, the precision in which the regions are decided.
    if (!(Math.fround(values.m) < Math.fround(values.t))) {
      throw new RangeError(
        `reste: m = ${values.m} and t = ${values.t} are inconsistent; the interval m must be smaller than the clip threshold t (0 < m < t).`,
      );
    }
  }

  /** m^(1/o − 1) in double precision from float32(o), as the reference code computes it. */
  private secantSlope(): number {
    const { o, m } = this.hyper;
    return Math.pow(m, 1 / Math.fround(o) - 1);
  }
}

/**
 * Creates a {@link ReSTE} estimator. Missing fields take {@link RESTE_DEFAULTS}
 * (o = 1, t = 1.5, m = 0.1); an unknown key, a non-finite value, o < 1, t <= 0, m <= 0 or
 * m >= t throws a RangeError naming the value and the allowed range.
 *
 * @example
 * ```ts
 * const reste = createReSTE({ o: 3 });
 * const wb = quantize(reste, w); // ±1 forward, ReSTE gradient backward
 * ```
 */
export function createReSTE(config?: Partial<ReSTEConfig>): ReSTE {
  return new ReSTE(resolveConfig('reste', { ...RESTE_DEFAULTS }, config));
}
