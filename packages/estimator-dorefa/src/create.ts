import { resolveDoReFaConfig, type DoReFaConfig } from './config.js';
import type { DoReFaEstimator } from './dorefa-estimator.js';
import { DoReFaActivations } from './k-bit-activations.js';
import { DoReFaWeights } from './k-bit-weights.js';
import { DoReFaSignWeights } from './sign-weights.js';

/**
 * Creates a DoReFa estimator (Zhou et al., "DoReFa-Net", arXiv:1606.06160):
 * - `{ bits: 1, mode: 'weights' }` (the default): {@link DoReFaSignWeights}, sign forward with an
 *   identity gradient, the ReSTE paper's 1-bit baseline (pair it with `kernelScale: 'layer-mean'`);
 * - `{ bits: k > 1, mode: 'weights' }`: {@link DoReFaWeights}, tanh-normalised k-bit weights;
 * - `{ bits: k, mode: 'activations' }`: {@link DoReFaActivations}, k-bit activations in [0, 1].
 *
 * An unknown key, a bit-width that is not an integer from 1 to 16, or another mode throws a
 * RangeError naming the value and what is allowed.
 *
 * @example
 * ```ts
 * const weights = createDoReFa();                                   // 1-bit weights
 * const acts = createDoReFa({ bits: 2, mode: 'activations' });       // 2-bit activations
 * ```
 */
export function createDoReFa(config?: Partial<DoReFaConfig>): DoReFaEstimator {
  const { bits, mode } = resolveDoReFaConfig(config);
  if (mode === 'activations') return new DoReFaActivations(bits);
  return bits === 1 ? new DoReFaSignWeights() : new DoReFaWeights(bits);
}

/** DoReFa weights of `bits` bits: `createDoReFa({ bits, mode: 'weights' })`. */
export function createDoReFaWeights(bits: number): DoReFaEstimator {
  return createDoReFa({ bits, mode: 'weights' });
}

/** DoReFa activations of `bits` bits: `createDoReFa({ bits, mode: 'activations' })`. */
export function createDoReFaActivations(bits: number): DoReFaEstimator {
  return createDoReFa({ bits, mode: 'activations' });
}
