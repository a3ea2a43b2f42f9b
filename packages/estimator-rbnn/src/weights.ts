import type { Tensor } from '@tensorflow/tfjs-core';
import { setHyperWithFollowingScale, type HyperSpec } from '@signflow/core';
import { RBNNEstimator, T_SPEC } from './rbnn-estimator.js';
import { rbnnGrad, rbnnScale, rbnnSurrogate } from './rule.js';

const WEIGHT_HYPER: Record<'t' | 'k', HyperSpec> = {
  t: T_SPEC,
  k: { description: 'the gradient scale, max(1/t, 1) unless fixed in the config', min: 0, minExclusive: true },
};

/**
 * RBNN's weight estimator (Lin, Ji, Xu, Zhang, Wang, Wu, Huang, Lin, "Rotated Binary Neural
 * Network", NeurIPS 2020, arXiv:2009.13055; `lmbxmu/RBNN`, `cifar/modules/binarized_modules.py`,
 * `BinaryQuantize`), docs/method.md §5.4.
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ_w(x) = max(0, k·(√2·t − t²·|x|))      (the code's k·(2·√(t²/2) − |t²·x|), clamped at 0)
 *   k      = max(1/t, 1)                     unless the config fixes k
 * ```
 * a triangle of height √2·k·t at 0 that reaches 0 at |x| = √2/t.
 *
 * Surrogate: `F(x) = k·(√2·t·x − sign(x)·t²·x²/2)` on |x| <= √2/t, constant ±k beyond.
 *
 * RBNN's weight rotation, its learnable angle and scaling are not part of the estimator.
 */
export class RBNNWeights extends RBNNEstimator {
  /** Whether k is recomputed as max(1/t, 1) whenever t changes (the config has no k). */
  readonly kFollowsT: boolean;

  /**
   * @param t the sharpness
   * @param k a fixed scale, or undefined for k = max(1/t, 1)
   */
  constructor(t: number, k?: number) {
    super('weights', WEIGHT_HYPER, { t, k: k ?? rbnnScale(t) });
    this.kFollowsT = k === undefined;
  }

  /**
   * Sets t or k. While k follows t, setting t also sets k = max(1/t, 1), and setting k throws:
   * fix k in the config to control it.
   */
  override setHyper(name: string, value: number): void {
    setHyperWithFollowingScale(this, 'createRBNN', name, value, (n, v) => super.setHyper(n, v));
  }

  /** `{ mode, t }` while k follows t, `{ mode, t, k }` once k is fixed. */
  override getConfig(): Record<string, unknown> {
    const { t, k } = this.hyper;
    return this.kFollowsT ? { mode: this.mode, t } : { mode: this.mode, t, k };
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    const { t, k } = this.hyper;
    return rbnnGrad(x, dy, k, t);
  }

  surrogate(x: Tensor): Tensor {
    const { t, k } = this.hyper;
    return rbnnSurrogate(x, k, t);
  }
}
