import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { histogram, type Histogram, type HistogramOptions } from './histogram.js';
import { fittingError } from './power-fit.js';
import { checkTensorList } from './tensor-list.js';

/** A histogram tagged with what it shows, as the trainer logs it (JSON-serialisable). */
export interface Distribution {
  /** `fitting-error`: f_o(W) − sign(W); `weight-gradient`: ∂L/∂W of the binarised kernels. */
  readonly kind: 'fitting-error' | 'weight-gradient';
  /** 0-based epoch at which it was taken. */
  readonly epoch: number;
  /** The exponent of the fitting error (absent for gradients). */
  readonly o?: number;
  /** The counts. */
  readonly histogram: Histogram;
}

/** All elements of `tensors`, flattened and concatenated, on the host. */
function flatValues(tensors: readonly Tensor[]): Float32Array {
  return tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))).dataSync() as Float32Array);
}

/**
 * Histogram of the fitting error f_o(W) − sign(W) over every latent weight of the binarised
 * layers (the appendix's Fig. 2, left), f_o the pure power function sign(w)·|w|^(1/o).
 */
export function fittingErrorHistogram(latentWeights: Tensor[], o: number, options?: HistogramOptions): Histogram {
  checkTensorList('fittingErrorHistogram', 'latentWeights', latentWeights, 1);
  const errors = latentWeights.map((w) => fittingError(w, o));
  try {
    return histogram(flatValues(errors), options);
  } finally {
    tf.dispose(errors);
  }
}

/** Histogram of the latent-weight gradients of the binarised layers (the appendix's Fig. 2, right). */
export function gradientHistogram(weightGrads: Tensor[], options?: HistogramOptions): Histogram {
  checkTensorList('gradientHistogram', 'weightGrads', weightGrads, 1);
  return histogram(flatValues(weightGrads), options);
}
