/** The fused activations oneDNN applies as a post-op (codes shared with native/conv.cc). */
import type { NamedAttrMap } from '@tensorflow/tfjs-core';

const ACTIVATION_CODES: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  sigmoid: 4,
  leakyrelu: 5,
};

/**
 * The addon's code and alpha for a fused kernel's `activation` attribute, or `null` for one it
 * cannot fuse (`prelu`, whose weights are a tensor).
 */
export function activationCode(attrs: NamedAttrMap): { code: number; alpha: number } | null {
  const name = (attrs['activation'] as string | undefined) ?? 'linear';
  const code = ACTIVATION_CODES[name];
  if (code === undefined) return null;
  const alpha = name === 'leakyrelu' ? ((attrs['leakyreluAlpha'] as number | undefined) ?? 0.2) : 0;
  return { code, alpha };
}
