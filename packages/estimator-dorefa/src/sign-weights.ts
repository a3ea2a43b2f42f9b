import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { binarySign } from '@signflow/core';
import { DoReFaEstimator } from './dorefa-estimator.js';

/**
 * DoReFa's 1-bit weights (Zhou, Wu, Ni, Zhou, Wen, Zou, "DoReFa-Net: Training Low Bitwidth
 * Convolutional Neural Networks with Low Bitwidth Gradients", arXiv:1606.06160; tensorpack's
 * `dorefa.py`), the baseline the ReSTE authors' layers are built on.
 *
 * Forward: `q(w) = sign(w)`, with sign(0) = +1 so that binary tensors are exactly ±1.
 *
 * Pseudo-gradient: the identity, `γ(w) = 1` everywhere (no clipping).
 *
 * Surrogate: `F(w) = w`.
 *
 * The paper multiplies by E = mean|w| over the layer; here the quantised layer applies that scale
 * (`kernelScale: 'layer-mean'`). Unlike the paper, whose E is a stop-gradient, the layer keeps E
 * in the gradient, as the ReSTE authors' code does.
 */
export class DoReFaSignWeights extends DoReFaEstimator {
  constructor() {
    super(1, 'weights');
  }

  forward(w: Tensor): Tensor {
    return binarySign(w);
  }

  pseudoGrad(_w: Tensor, dy: Tensor): Tensor {
    // A new tensor, not `dy` itself: the caller owns and disposes what this returns.
    return tf.clone(dy);
  }

  surrogate(w: Tensor): Tensor {
    return tf.clone(w);
  }
}
