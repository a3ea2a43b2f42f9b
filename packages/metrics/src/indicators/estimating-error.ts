import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { checkExponent, fittingError } from './power-fit.js';
import { checkTensorList } from './tensor-list.js';

/**
 * The estimating error of each binarised layer: ‖f_{o_end}(W_ℓ) − sign(W_ℓ)‖₂ over the flattened
 * latent weights (the L2 norm, not squared), f the pure power function of {@link fittingError}.
 *
 * @param latentWeights the latent (real-valued) kernels of the binarised layers, one per layer
 * @param oEnd the final exponent o_end of the run (the authors' code uses o_end, not the epoch's o)
 */
export function estimatingErrorPerLayer(latentWeights: readonly Tensor[], oEnd: number): number[] {
  checkTensorList('estimatingErrorPerLayer', 'latentWeights', latentWeights, 1);
  checkExponent('estimatingErrorPerLayer', oEnd);
  return latentWeights.map((w) => tf.tidy(() => tf.norm(fittingError(w, oEnd)).dataSync()[0]));
}

/**
 * The estimating error e of one epoch exactly as the ReSTE authors' code computes it (docs/method.md §9.2):
 * the per-layer L2 norms of f_{o_end}(W_ℓ) − sign(W_ℓ), summed over the binarised layers. The
 * paper's one-line definition D(sign(z), f(z)) leaves the pooling open; the code sums layer norms.
 *
 * @param latentWeights the latent kernels of the binarised layers ({@link binarizedKernels})
 * @param oEnd the run's final exponent o_end
 */
export function estimatingError(latentWeights: Tensor[], oEnd: number): number {
  return estimatingErrorPerLayer(latentWeights, oEnd).reduce((sum, e) => sum + e, 0);
}
