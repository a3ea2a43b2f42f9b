import type { Estimator } from '../estimator/estimator.js';
import type { KernelScale } from './kernel-scale.js';

/**
 * What a quantised layer declares about its precision, read by the bit-aware summary, the
 * indicators and the training clock.
 */
export interface QuantizedLayer {
  /** Quantises the kernel; null keeps it in full precision. */
  readonly kernelEstimator: Estimator | null;
  /** Quantises the layer's input; null keeps it real-valued. */
  readonly inputEstimator: Estimator | null;
  /** How the quantised kernel is scaled. */
  readonly kernelScale: KernelScale;
  /** Bit-width of the kernel as used in the forward pass (32 when full precision). */
  readonly kernelBits: number;
  /** Bit-width of the input as used in the forward pass (32 when real-valued). */
  readonly inputBits: number;
}

/** Whether `layer` is one of signflow's quantised layers. */
export function isQuantizedLayer(layer: unknown): layer is QuantizedLayer {
  return (
    typeof layer === 'object' &&
    layer !== null &&
    'kernelEstimator' in layer &&
    'inputEstimator' in layer &&
    'kernelScale' in layer
  );
}

/** Bit-width an estimator produces, 32 for full precision. */
export function bitsOf(estimator: Estimator | null): number {
  return estimator === null ? 32 : estimator.bits;
}
