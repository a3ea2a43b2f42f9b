/**
 * Batch normalisation over the channel (last) axis on oneDNN: the tfjs `FusedBatchNorm` kernel,
 * and the native-only kernel that computes the whole training-mode gradient (dx, dScale and
 * dOffset) in one pass; `gradients.ts` decides when that gradient applies.
 */
import { FusedBatchNorm, type FusedBatchNormAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { ensureGlobalPatches } from '../global-patches.js';
import { MAX_FUSED_CHANNELS } from '../fusion.js';
import { FUSED_BATCH_NORM_GRAD, perChannel } from './batch-norm-support.js';
import { allFloat32, BACKEND_NAME, ints, nativeKernel, type NativeArgs } from './kernel.js';

/** [n, h, w, c] for the addon: every axis but the last folds into the batch. */
function nhwc(shape: readonly number[]): Int32Array {
  const channels = shape[shape.length - 1] as number;
  if (shape.length === 4) return ints(shape);
  return ints([shape.slice(0, -1).reduce((p, d) => p * d, 1), 1, 1, channels]);
}

function forward({ inputs, attrs, backend }: NativeArgs<Partial<FusedBatchNormAttrs>>): TensorInfo | null {
  const { x, mean, variance, scale, offset } = inputs as Record<string, TensorInfo | undefined>;
  if (x === undefined || mean === undefined || variance === undefined) return null;
  if (!allFloat32(backend, x, mean, variance, scale, offset) || x.shape.length < 2) return null;
  const channels = x.shape[x.shape.length - 1] as number;
  if (![mean, variance, scale, offset].every((t) => perChannel(t, channels))) return null;
  ensureGlobalPatches();
  const epsilon = attrs.varianceEpsilon ?? 0.001;
  if (channels <= MAX_FUSED_CHANNELS && backend.fusion.fusable(x.shape, x)) {
    return fusedNormalize(backend, x, mean, variance, scale, offset, epsilon);
  }
  const out = backend.output(x.shape, 'float32');
  backend.addon.batchNorm(
    backend.valuesOf(x) as Float32Array,
    backend.valuesOf(mean) as Float32Array,
    backend.valuesOf(variance) as Float32Array,
    scale == null ? null : (backend.valuesOf(scale) as Float32Array),
    offset == null ? null : (backend.valuesOf(offset) as Float32Array),
    out.values,
    nhwc(x.shape),
    epsilon,
  );
  return out.info;
}

/**
 * Batch norm as a deferred element-wise expression, `(x - mean) * gain + offset` with
 * `gain = scale / sqrt(variance + epsilon)` per channel, so that a following ReLU or sign and the
 * next convolution's read of its input make one pass (see fusion.ts).
 */
function fusedNormalize(
  backend: NativeBackend,
  x: TensorInfo,
  mean: TensorInfo,
  variance: TensorInfo,
  scale: TensorInfo | undefined,
  offset: TensorInfo | undefined,
  epsilon: number,
): TensorInfo {
  const channels = x.shape[x.shape.length - 1] as number;
  const m = backend.valuesOf(mean) as Float32Array;
  const v = backend.valuesOf(variance) as Float32Array;
  const s = scale == null ? null : (backend.valuesOf(scale) as Float32Array);
  const gain = new Float32Array(channels);
  for (let k = 0; k < channels; k++) gain[k] = (s === null ? 1 : (s[k] as number)) / Math.sqrt((v[k] as number) + epsilon);
  const shift = offset == null ? new Float32Array(channels) : Float32Array.from(backend.valuesOf(offset) as Float32Array);
  return backend.fusion.normalize(x, Float32Array.from(m), gain, shift);
}

/** Inputs x, dy, mean, variance, scale (optional); attr varianceEpsilon; outputs dx, dScale, dOffset. */
function fusedGrad(args: Parameters<KernelFunc>[0]): TensorInfo[] {
  const { inputs, attrs } = args;
  const backend = args.backend as NativeBackend;
  const { x, dy, mean, variance, scale } = inputs as Record<string, TensorInfo>;
  const channels = x.shape[x.shape.length - 1] as number;
  return backend.runNative(() => {
    const dx = backend.output(x.shape, 'float32');
    const dScale = backend.output([channels], 'float32');
    const dOffset = backend.output([channels], 'float32');
    backend.addon.batchNormGrad(
      backend.valuesOf(x) as Float32Array,
      backend.valuesOf(dy) as Float32Array,
      backend.valuesOf(mean) as Float32Array,
      backend.valuesOf(variance) as Float32Array,
      scale == null ? new Float32Array(channels).fill(1) : (backend.valuesOf(scale) as Float32Array),
      dx.values,
      dScale.values,
      dOffset.values,
      nhwc(x.shape),
      (attrs?.['varianceEpsilon'] as number | undefined) ?? 0.001,
    );
    backend.count(FUSED_BATCH_NORM_GRAD, 'native');
    return [dx.info, dScale.info, dOffset.info];
  });
}

/** The native batch-norm kernels. */
export const batchNormKernels: KernelConfig[] = [
  nativeKernel(FusedBatchNorm, forward),
  { kernelName: FUSED_BATCH_NORM_GRAD, backendName: BACKEND_NAME, kernelFunc: fusedGrad as KernelFunc },
];
