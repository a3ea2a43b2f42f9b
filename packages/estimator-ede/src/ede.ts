import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { BaseEstimator, binarySign, followingScale, resolveConfig, setHyperWithFollowingScale, type HyperSpec } from '@signflow/core';

/** The configuration of an {@link EDE} estimator (JSON numbers). */
export type EDEConfig = {
  /** Sharpness t > 0 of the tanh whose derivative is the gradient; schedules raise it. */
  t: number;
  /**
   * Gradient scale k > 0. Absent: k follows t as max(1/t, 1), recomputed whenever t is set (the
   * IR-Net rule). Given: k stays fixed, whatever t does.
   */
  k?: number;
};

/** IR-Net's values before the first schedule update: t = 0.1, so k = max(1/0.1, 1) = 10. */
export const EDE_DEFAULTS: Readonly<EDEConfig> = Object.freeze({ t: 0.1, k: undefined });

const EDE_HYPER: Record<keyof EDEConfig, HyperSpec> = {
  t: { description: 'the sharpness of k·tanh(t·x), raised from 0.1 to 10 during training', min: 0, minExclusive: true },
  k: { description: 'the scale of k·tanh(t·x), max(1/t, 1) unless fixed in the config', min: 0, minExclusive: true },
};

/** IR-Net's k for a given t: max(1/t, 1), so that the gradient at 0, k·t, is never below 1. */
export function edeScale(t: number): number {
  return followingScale(t);
}

/**
 * IR-Net's Error Decay Estimator (Qin, Gong, Liu, Bai, Song, Sebe, "Forward and Backward
 * Information Retention for Accurate Binary Neural Networks", CVPR 2020, arXiv:1909.10788;
 * `htqin/IR-Net`, `modules/binaryfunction.py`), the "progressive" estimator the ReSTE paper compares
 * with (docs/method.md §5.3).
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ(x) = k · t · (1 − tanh²(t·x))        the derivative of k·tanh(t·x)
 *   k    = max(1/t, 1)                      unless the config fixes k
 * ```
 * Small t gives a wide, flat gradient (k·t = 1 at 0: close to the identity STE); large t a tall,
 * narrow one around 0 (close to sign's derivative).
 *
 * Surrogate: `F(x) = k·tanh(t·x)`.
 *
 * Arguments: `t` > 0 (default 0.1), `k` > 0 (default: follows t). The plugin's default schedule
 * raises t log-linearly per epoch from 0.1 to 10, as the IR-Net paper and its VGG-Small
 * `main.py`; its ResNet-20 `trainer.py` starts from 1e-3 instead.
 */
export class EDE extends BaseEstimator {
  /** Whether k is recomputed as max(1/t, 1) whenever t changes (the config has no k). */
  readonly kFollowsT: boolean;

  /** Use {@link createEDE}, which validates a partial config and fills the default. */
  constructor(config: EDEConfig) {
    super('ede', 1, EDE_HYPER, { t: config.t, k: config.k ?? edeScale(config.t) });
    this.kFollowsT = config.k === undefined;
  }

  /**
   * Sets t or k. While k follows t, setting t also sets k = max(1/t, 1), and setting k throws:
   * fix k in the config to control it.
   */
  override setHyper(name: string, value: number): void {
    setHyperWithFollowingScale(this, 'createEDE', name, value, (n, v) => super.setHyper(n, v));
  }

  /** `{ t }` while k follows t, `{ t, k }` once k is fixed, so that the plugin rebuilds the same rule. */
  override getConfig(): Record<string, unknown> {
    const { t, k } = this.hyper;
    return this.kFollowsT ? { t } : { t, k };
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    const { t, k } = this.hyper;
    return tf.tidy(() => {
      const tanh = tf.tanh(tf.mul(x, tf.scalar(t)));
      const gamma = tf.mul(tf.scalar(k * t), tf.sub(tf.scalar(1), tf.square(tanh)));
      return tf.mul(dy, gamma);
    });
  }

  surrogate(x: Tensor): Tensor {
    const { t, k } = this.hyper;
    return tf.tidy(() => tf.mul(tf.scalar(k), tf.tanh(tf.mul(x, tf.scalar(t)))));
  }
}

/**
 * Creates an {@link EDE} estimator. A missing t is 0.1; a missing k follows t as max(1/t, 1).
 * An unknown key, or a t or k that is not a finite number > 0, throws a RangeError naming the
 * value and the allowed range.
 *
 * @example
 * ```ts
 * const ede = createEDE();            // t = 0.1, k = 10; the plugin's schedule raises t to 10
 * const xb = quantize(ede, x);        // ±1 forward, k·t·(1 − tanh²(t·x)) backward
 * ```
 */
export function createEDE(config?: Partial<EDEConfig>): EDE {
  return new EDE(resolveConfig('ede', { ...EDE_DEFAULTS }, config));
}
