import { checkHyperValue, resolveConfig, type HyperSpec } from '@signflow/core';

/** What a DoReFa quantiser is applied to: latent weights or activations. */
export type DoReFaMode = 'weights' | 'activations';

/** The modes, in the order they are documented. */
export const DOREFA_MODES: readonly DoReFaMode[] = ['weights', 'activations'];

/** The configuration of a DoReFa estimator (JSON). */
export type DoReFaConfig = {
  /** Bit-width k, an integer from 1 to {@link DOREFA_MAX_BITS}. */
  bits: number;
  /** `'weights'` (1-bit: sign; k-bit: tanh normalisation) or `'activations'` (clip to [0, 1]). */
  mode: DoReFaMode;
};

/** The paper's 1-bit weight baseline. */
export const DOREFA_DEFAULTS: Readonly<DoReFaConfig> = Object.freeze({ bits: 1, mode: 'weights' });

/**
 * The largest bit-width: float32 tensors hold the 2^k levels and the rounding of (2^k − 1)·r with
 * room to spare up to 16 bits.
 */
export const DOREFA_MAX_BITS = 16;

/** The bit-width's range, checked like any hyper-parameter so that errors read alike. */
export function bitsSpec(min: number): HyperSpec {
  return { description: 'the bit-width of the quantised values', min, max: DOREFA_MAX_BITS, integer: true };
}

/** Throws a RangeError naming the value and the allowed range unless `bits` is an integer in [min, 16]. */
export function checkBits(bits: number, min = 1): number {
  checkHyperValue('dorefa', 'bits', bitsSpec(min), bits);
  return bits;
}

/**
 * Reads a DoReFa config: rejects unknown keys, fills {@link DOREFA_DEFAULTS}, checks `bits` and
 * `mode`, and throws a RangeError naming the bad value otherwise.
 */
export function resolveDoReFaConfig(config: Partial<DoReFaConfig> | undefined): DoReFaConfig {
  const resolved = resolveConfig('dorefa', { ...DOREFA_DEFAULTS }, config);
  if (!DOREFA_MODES.includes(resolved.mode)) {
    throw new RangeError(`dorefa: mode = ${JSON.stringify(resolved.mode)} is not one of ${DOREFA_MODES.join(', ')}.`);
  }
  checkBits(resolved.bits);
  return resolved;
}
