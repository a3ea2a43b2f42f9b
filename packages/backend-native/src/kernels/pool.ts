/**
 * 2-D max and average pooling and their gradients on oneDNN, for float32 NHWC data with padding
 * smaller than the window and an output size oneDNN's floor rule reproduces. Max-pool gradients
 * go to the first maximum of each window, as in tfjs; exact ties between window elements are the
 * one place where oneDNN and tfjs could route a gradient to different positions. The average-pool
 * gradient runs natively only without padding, where it agrees with tfjs's convention.
 */
import {
  AvgPool,
  AvgPoolGrad,
  backend_util,
  MaxPool,
  MaxPoolGrad,
  type AvgPoolAttrs,
  type AvgPoolGradAttrs,
  type KernelConfig,
  type MaxPoolAttrs,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { allFloat32, ints, nativeKernel, type NativeArgs } from './kernel.js';

/** The attributes of every pooling kernel (AvgPoolGrad has no rounding mode). */
type PoolAttrs = MaxPoolAttrs | AvgPoolAttrs | MaxPoolGradAttrs | AvgPoolGradAttrs;

/** The addon's 15-integer geometry (kind 0 = max, 1 = average), or null if unsupported. */
function geometry(xShape: readonly number[], attrs: PoolAttrs, kind: 0 | 1): { info: backend_util.Conv2DInfo; geo: Int32Array } | null {
  if (xShape.length !== 4) return null;
  const info = backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    'dimRoundingMode' in attrs ? attrs.dimRoundingMode : undefined,
  );
  const { top, bottom, left, right } = info.padInfo;
  const fits = (inSize: number, outSize: number, k: number, s: number, before: number, after: number): boolean =>
    before >= 0 && after >= 0 && before < k && after < k && Math.floor((inSize + before + after - k) / s) + 1 === outSize;
  if (
    !fits(info.inHeight, info.outHeight, info.filterHeight, info.strideHeight, top, bottom) ||
    !fits(info.inWidth, info.outWidth, info.filterWidth, info.strideWidth, left, right)
  ) {
    return null;
  }
  const geo = ints([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, top, bottom, left, right, kind,
  ]);
  return { info, geo };
}

function pool({ inputs, attrs, backend }: NativeArgs<MaxPoolAttrs | AvgPoolAttrs>, kind: 0 | 1): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (x === undefined || !allFloat32(backend, x)) return null;
  const g = geometry(x.shape, attrs, kind);
  if (g === null) return null;
  const out = backend.output(g.info.outShape, 'float32');
  backend.addon.pool(backend.valuesOf(x) as Float32Array, out.values, g.geo);
  return out.info;
}

function poolGrad({ inputs, attrs, backend }: NativeArgs<MaxPoolGradAttrs | AvgPoolGradAttrs>, kind: 0 | 1): TensorInfo | null {
  const { dy, input } = inputs as Record<string, TensorInfo | undefined>;
  if (dy === undefined || input === undefined || !allFloat32(backend, dy, input)) return null;
  const g = geometry(input.shape, attrs, kind);
  if (g === null || !g.info.outShape.every((d, i) => d === dy.shape[i])) return null;
  // tfjs's AvgPoolGrad divides by the whole window even where it covers padding (unlike its
  // forward pass); only without padding do both conventions agree.
  const { top, bottom, left, right } = g.info.padInfo;
  if (kind === 1 && top + bottom + left + right > 0) return null;
  const out = backend.output(input.shape, 'float32');
  backend.addon.poolGrad(
    backend.valuesOf(dy) as Float32Array,
    kind === 0 ? (backend.valuesOf(input) as Float32Array) : null,
    out.values,
    g.geo,
  );
  return out.info;
}

/** The native pooling kernels. */
export const poolKernels: KernelConfig[] = [
  nativeKernel<MaxPoolAttrs>(MaxPool, (args) => pool(args, 0)),
  nativeKernel<AvgPoolAttrs>(AvgPool, (args) => pool(args, 1)),
  nativeKernel<MaxPoolGradAttrs>(MaxPoolGrad, (args) => poolGrad(args, 0)),
  nativeKernel<AvgPoolGradAttrs>(AvgPoolGrad, (args) => poolGrad(args, 1)),
];
