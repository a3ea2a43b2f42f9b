/** The fused activations oneDNN applies as a post-op (codes shared with native/conv.cc). */
import type { FusedConv2DAttrs } from '@tensorflow/tfjs-core';

/** The activation attributes FusedConv2D and _FusedMatMul share (absent on their plain kernels). */
export type ActivationAttrs = Partial<Pick<FusedConv2DAttrs, 'activation' | 'leakyreluAlpha'>>;

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
export function activationCode(attrs: ActivationAttrs): { code: number; alpha: number } | null {
  const name = attrs.activation ?? 'linear';
  const code = ACTIVATION_CODES[name];
  if (code === undefined) return null;
  const alpha = name === 'leakyrelu' ? (attrs.leakyreluAlpha ?? 0.2) : 0;
  return { code, alpha };
}
