import type { Normalization } from '../image.js';

/**
 * Per-channel affine coefficients that turn a uint8 pixel `v` into the normalised value
 * `(v / 255 - mean) / std` as `v * scale + bias`, so the hot loops do one multiply-add.
 * A zero (padding) pixel becomes `bias`.
 */
export interface PixelAffine {
  /** `1 / (255 * std)` per channel. */
  readonly scale: Float32Array;
  /** `-mean / std` per channel. */
  readonly bias: Float32Array;
}

/** The {@link PixelAffine} of a normalisation. */
export function pixelAffine(normalization: Normalization): PixelAffine {
  const { mean, std } = normalization;
  return {
    scale: Float32Array.from(std, (s) => 1 / (255 * s)),
    bias: Float32Array.from(mean, (m, c) => -m / std[c]),
  };
}

/** The identity {@link PixelAffine} for `channels` channels: values stay on the 0..255 scale. */
export function identityAffine(channels: number): PixelAffine {
  return { scale: new Float32Array(channels).fill(1), bias: new Float32Array(channels) };
}
