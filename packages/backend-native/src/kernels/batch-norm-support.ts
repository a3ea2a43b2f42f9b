/**
 * What both the batch-norm kernels and the gradient overrides (`gradients.ts`) need to know
 * about the fused training-mode gradient: its kernel name and which tensors it supports.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { allFloat32 } from './kernel.js';

/** The fused training-mode batch-norm gradient kernel (registered for `native` only). */
export const FUSED_BATCH_NORM_GRAD = 'SignflowFusedBatchNormGrad';

/** Whether `info` holds exactly one value per channel (or is absent). */
export function perChannel(info: TensorInfo | null | undefined, channels: number): boolean {
  return info == null || (info.shape.length === 1 && info.shape[0] === channels);
}

/**
 * Whether the fused gradient supports these tensors: float32, per-channel statistics, and a
 * scale that is per-channel or absent.
 */
export function fusedGradSupported(
  backend: NativeBackend,
  x: TensorInfo,
  mean: TensorInfo,
  variance: TensorInfo,
  scale: TensorInfo | null | undefined,
): boolean {
  const channels = x.shape[x.shape.length - 1] as number;
  return allFloat32(backend, x, mean, variance, scale) && x.shape.length >= 2 && [mean, variance, scale].every((t) => perChannel(t, channels));
}
