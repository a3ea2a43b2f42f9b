import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Estimator } from '../estimator/estimator.js';
import { quantize } from '../estimator/quantize.js';

/**
 * How a quantised kernel is scaled:
 * - `layer-mean`: α = mean|W| over the whole kernel, one scalar per layer (DoReFa; the ReSTE
 *   authors' layers). α stays in the gradient tape, as in the reference code, so dL/dW also flows
 *   through α: dL/dW_i = α·γ(W_i)·G_i + sign(W_i)/N · Σ_j G_j·Wb_j.
 * - `channel-mean`: one α per output channel (mean|W| over every other axis), also in the tape.
 * - `none`: no scaling, the kernel is ±1.
 */
export type KernelScale = 'layer-mean' | 'channel-mean' | 'none';

/** The kernel-scale modes. */
export const KERNEL_SCALES: readonly KernelScale[] = ['layer-mean', 'channel-mean', 'none'];

/** Throws naming the value and the allowed modes when `value` is not a {@link KernelScale}. */
export function checkKernelScale(value: unknown): KernelScale {
  if (!KERNEL_SCALES.includes(value as KernelScale)) {
    throw new RangeError(`kernelScale = ${JSON.stringify(value)} is not one of ${KERNEL_SCALES.join(', ')}.`);
  }
  return value as KernelScale;
}

/**
 * The kernel a quantised layer computes with: `estimator` applied to `kernel`, times the scale.
 * The output-channel axis is the last one (HWIO conv kernels, [in, out] dense kernels).
 * A null estimator returns the kernel unchanged (full precision).
 */
export function quantizedKernel(kernel: Tensor, estimator: Estimator | null, scale: KernelScale): Tensor {
  if (estimator === null) return kernel;
  const binary = quantize(estimator, kernel);
  switch (scale) {
    case 'none':
      return binary;
    case 'layer-mean':
      return tf.mul(binary, tf.mean(tf.abs(kernel)));
    case 'channel-mean': {
      const axes = kernel.shape.slice(0, -1).map((_, i) => i);
      return tf.mul(binary, tf.mean(tf.abs(kernel), axes, true));
    }
  }
}
