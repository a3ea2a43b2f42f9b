import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, resolveConfig, type HyperSpec } from '@signflow/core';

/** The configuration of a {@link DSQ} estimator (JSON numbers). */
export type DSQConfig = {
  /** The characteristic variable α, 0 < α < 1: small α is close to sign, α near 1 to the clipped STE. */
  alpha: number;
};

/** α = 0.2 (see {@link DSQ} for why). */
export const DSQ_DEFAULTS: Readonly<DSQConfig> = Object.freeze({ alpha: 0.2 });

/** The clip interval [l, u] = [−1, 1] of the binary case: Δ = u − l = 2, m = (l + u)/2 = 0. */
const LOWER = -1;
const UPPER = 1;
const WIDTH = UPPER - LOWER;

const DSQ_HYPER: Record<keyof DSQConfig, HyperSpec> = {
  alpha: {
    description: 'the characteristic variable 1 − tanh(k·Δ/2): small is close to sign, near 1 to the clipped STE',
    min: 0,
    minExclusive: true,
    max: 1,
  },
};

/** DSQ's tanh steepness k = ln(2/α − 1)/Δ and scale s = 1/(1 − α) for the interval [−1, 1]. */
export function dsqShape(alpha: number): { k: number; s: number } {
  return { k: Math.log(2 / alpha - 1) / WIDTH, s: 1 / (1 - alpha) };
}

/**
 * DSQ, differentiable soft quantization, in its binary case (Gong, Liu, Jiang, Li, Hu, Lin, Yu,
 * Yan, "Differentiable Soft Quantization: Bridging Full-Precision and Low-Bit Neural Networks",
 * ICCV 2019, arXiv:1908.05033), docs/method.md §5.6 (written from the paper, no reference code).
 *
 * For 1 bit the soft quantiser on the clip interval [l, u] = [−1, 1] (Δ = 2, centre m = 0) is
 * φ(x) = s·tanh(k·(x − m)), with k = ln(2/α − 1)/Δ and s = 1/(1 − α), so that φ(±1) = ±1.
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1 (DSQ's
 * forward is sign(φ(x)), the same thing).
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ(x) = s·k·(1 − tanh²(k·x))   for −1 <= x <= 1   (φ'(x))
 *   γ(x) = 0                      outside [−1, 1]    (DSQ clips x to [l, u])
 * ```
 * compared in float32 against ±1; k and s are computed on the host in double precision.
 *
 * Surrogate: `F(x) = s·tanh(k·clip(x, −1, 1))`, which is ±1 from |x| = 1 on.
 *
 * Argument: `alpha`, 0 < α < 1, default 0.2. DSQ learns α (and the clip interval) by gradient
 * descent; here α is a hyper-parameter, fixed or scheduled, and the interval is fixed to [−1, 1].
 * The default 0.2 gives a moderately sharp curve, γ(0) = 1.25·ln 3 ≈ 1.37 and γ(±1) ≈ 0.49: close
 * enough to the straight-through estimator's slope 1 at 0 for the same learning rates, already
 * sign-like at the clip points. The α used in the ReSTE paper's comparison is unknown.
 */
export class DSQ extends BaseEstimator {
  /** Use {@link createDSQ}, which validates a partial config and fills the default. */
  constructor(config: DSQConfig) {
    super('dsq', 1, DSQ_HYPER, config);
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    const { k, s } = dsqShape(this.hyper.alpha);
    return tf.tidy(() => {
      const tanh = tf.tanh(tf.mul(x, tf.scalar(k)));
      const gamma = tf.mul(tf.scalar(s * k), tf.sub(tf.scalar(1), tf.square(tanh)));
      const inside = tf.logicalAnd(tf.greaterEqual(x, tf.scalar(LOWER)), tf.lessEqual(x, tf.scalar(UPPER)));
      return tf.where(inside, tf.mul(dy, gamma), tf.zerosLike(dy));
    });
  }

  surrogate(x: Tensor): Tensor {
    const { k, s } = dsqShape(this.hyper.alpha);
    return tf.tidy(() => tf.mul(tf.scalar(s), tf.tanh(tf.mul(tf.clipByValue(x, LOWER, UPPER), tf.scalar(k)))));
  }

  protected override validate(values: Readonly<Record<string, number>>): void {
    // The declared range includes 1 (ranges have no exclusive maximum), where k = 0 and s is
    // infinite; an α so small that 2/α overflows makes k infinite.
    const { k, s } = dsqShape(values.alpha);
    if (!(Number.isFinite(k) && Number.isFinite(s) && k > 0)) {
      throw new RangeError(
        `dsq: alpha = ${values.alpha} is out of range; alpha (the characteristic variable) must be > 0 and < 1, where k = ln(2/α − 1)/2 and s = 1/(1 − α) are finite and k > 0 (α → 1 approaches the clipped straight-through estimator).`,
      );
    }
  }
}

/**
 * Creates a {@link DSQ} estimator. A missing alpha is 0.2; an unknown key or an alpha outside
 * (0, 1) throws a RangeError naming the value and the range.
 *
 * @example
 * ```ts
 * const dsq = createDSQ({ alpha: 0.2 });
 * const xb = quantize(dsq, x); // ±1 forward, s·k·sech²(k·x) backward on [−1, 1]
 * ```
 */
export function createDSQ(config?: Partial<DSQConfig>): DSQ {
  return new DSQ(resolveConfig('dsq', { ...DSQ_DEFAULTS }, config));
}
