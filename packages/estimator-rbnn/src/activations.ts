import type { Tensor } from '@tensorflow/tfjs-core';
import { RBNNEstimator, T_SPEC } from './rbnn-estimator.js';
import { rbnnGrad, rbnnSurrogate } from './rule.js';

/**
 * RBNN's activation estimator (`BinaryQuantize_a` in `lmbxmu/RBNN`,
 * `cifar/modules/binarized_modules.py`; docs/method.md §5.4): the weight rule with k = 1 and t floored at 1.
 *
 * Forward: `q(x) = sign(x)`, with sign(0) = +1.
 *
 * Pseudo-gradient, multiplied by the upstream gradient:
 * ```
 *   γ_a(x) = max(0, √2·t_a − t_a²·|x|),   t_a = max(t, 1)
 * ```
 * so while the schedule keeps t below 1 the gradient is the fixed triangle of height √2 reaching 0
 * at |x| = √2.
 *
 * Surrogate: `F(x) = √2·t_a·x − sign(x)·t_a²·x²/2` on |x| <= √2/t_a, constant ±1 beyond.
 *
 * Its only hyper-parameter is the shared t, so one schedule drives weights and activations.
 */
export class RBNNActivations extends RBNNEstimator {
  /** @param t the schedule's sharpness (the estimator uses max(t, 1)) */
  constructor(t: number) {
    super('activations', { t: T_SPEC }, { t });
  }

  /** The sharpness actually used, t_a = max(t, 1). */
  get effectiveT(): number {
    return Math.max(this.hyper.t, 1);
  }

  override getConfig(): Record<string, unknown> {
    return { mode: this.mode, t: this.hyper.t };
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    return rbnnGrad(x, dy, 1, this.effectiveT);
  }

  surrogate(x: Tensor): Tensor {
    return rbnnSurrogate(x, 1, this.effectiveT);
  }
}
