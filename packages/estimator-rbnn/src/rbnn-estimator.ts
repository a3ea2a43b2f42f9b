import { BaseEstimator, binarySign, type HyperSpec } from '@signflow/core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { RBNNMode } from './config.js';

/** The range of t, shared by both modes. */
export const T_SPEC: HyperSpec = {
  description: 'the sharpness of the gradient, raised from 0.01 to 10 during training',
  min: 0,
  minExclusive: true,
};

/** What both RBNN variants share: the id `'rbnn'`, 1 bit, the sign forward, a surrogate and the mode. */
export abstract class RBNNEstimator extends BaseEstimator {
  /**
   * @param mode what the variant binarises
   * @param spec its hyper-parameters
   * @param values their initial values
   */
  protected constructor(
    readonly mode: RBNNMode,
    spec: Record<string, HyperSpec>,
    values: Record<string, number>,
  ) {
    super('rbnn', 1, spec, values);
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  /** The function whose derivative the pseudo-gradient is. */
  abstract surrogate(x: Tensor): Tensor;
}
