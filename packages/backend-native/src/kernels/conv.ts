/**
 * 2-D convolution (plain and fused with bias and activation) and its input and filter gradients
 * on oneDNN. Supported natively: float32 NHWC data, any strides, dilations, and 'same', 'valid' or
 * explicit padding whose output size oneDNN's floor rule reproduces; anything else runs on `cpu`.
 */
import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  FusedConv2D,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type FusedConv2DAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { activationCode, type ActivationAttrs } from './activation.js';
import { allFloat32, ints, nativeKernel, type NativeArgs } from './kernel.js';

/** The attributes every convolution kernel has. */
type ConvGeometryAttrs = Pick<Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>;
/** Conv2D's attributes, and FusedConv2D's activation (absent on Conv2D). */
type ForwardAttrs = Conv2DAttrs & ActivationAttrs;

/** The addon's 17-integer geometry, or null when oneDNN's size rule would disagree with tfjs. */
function geometry(info: backend_util.Conv2DInfo): Int32Array | null {
  const { top, bottom, left, right } = info.padInfo;
  const fits = (inSize: number, outSize: number, k: number, s: number, before: number, after: number): boolean =>
    before >= 0 && after >= 0 && Math.floor((inSize + before + after - k) / s) + 1 === outSize;
  if (
    info.dataFormat !== 'channelsLast' ||
    !fits(info.inHeight, info.outHeight, info.effectiveFilterHeight, info.strideHeight, top, bottom) ||
    !fits(info.inWidth, info.outWidth, info.effectiveFilterWidth, info.strideWidth, left, right)
  ) {
    return null;
  }
  return ints([
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, top, bottom, left, right,
  ]);
}

function convInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvGeometryAttrs,
  dilations: Conv2DAttrs['dilations'],
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    // Absent when a converted graph model's node leaves it out.
    backend_util.convertConv2DDataFormat((attrs.dataFormat as Conv2DAttrs['dataFormat'] | undefined) ?? 'NHWC'),
  );
}

/** Whether convolutions of -1/0/1 inputs and filters run in int8 (turned off if it ever fails). */
let ternaryEnabled = true;

/**
 * Convolution forward. When the input holds only -1, 0 and 1 and the filter only -s, 0 and s
 * (see value-sets.ts) — the signs of a binary network's activations, and its weights' signs,
 * alone or times one scale per layer — and there is no bias or activation, it runs as an int8
 * convolution times s: for s = 1 exactly the float32 convolution's result, otherwise the exact
 * integer sums times s, at a fraction of the cost.
 */
function forward({ inputs, attrs, backend }: NativeArgs<ForwardAttrs>, fused: boolean): TensorInfo | null {
  const { x, filter, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
  if (x === undefined || filter === undefined || !allFloat32(backend, x, filter, bias)) return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4 || preluActivationWeights != null) return null;
  const activation = fused ? activationCode(attrs) : { code: 0, alpha: 0 };
  if (activation === null) return null;
  const info = convInfo(x.shape, filter.shape, attrs, (attrs.dilations as Conv2DAttrs['dilations'] | undefined) ?? 1);
  const geo = geometry(info);
  if (geo === null || info.inChannels !== filter.shape[2]) return null;
  // A bias must hold one value per output channel to be oneDNN's bias.
  if (bias != null && (bias.shape.length !== 1 || bias.shape[0] !== info.outChannels)) return null;
  const out = backend.output(info.outShape, 'float32');
  const plain = bias == null && activation.code === 0 && ternaryEnabled;
  const filterScale = plain && backend.ternaryScale(x) === 1 ? backend.ternaryScale(filter) : null;
  if (filterScale !== null) {
    try {
      const [xs, ws] = [backend.valuesOf(x) as Float32Array, backend.valuesOf(filter) as Float32Array];
      backend.addon.conv2dTernary(xs, ws, out.values, geo, filterScale);
      return out.info;
    } catch (error) {
      // Never expected; the float32 convolution below gives the same result (for a scaled filter,
      // within float rounding).
      ternaryEnabled = false;
      console.warn(`signflow native backend: the int8 convolution failed (${error instanceof Error ? error.message : String(error)}); using float32.`);
    }
  }
  backend.addon.conv2d(
    backend.valuesOf(x) as Float32Array,
    backend.valuesOf(filter) as Float32Array,
    bias == null ? null : (backend.valuesOf(bias) as Float32Array),
    out.values,
    geo,
    activation.code,
    activation.alpha,
  );
  return out.info;
}

function backpropInput({ inputs, attrs, backend }: NativeArgs<Conv2DBackpropInputAttrs>): TensorInfo | null {
  const { dy, filter } = inputs as Record<string, TensorInfo | undefined>;
  if (dy === undefined || filter === undefined || !allFloat32(backend, dy, filter) || dy.shape.length !== 4) return null;
  const { inputShape } = attrs;
  const info = convInfo(inputShape, filter.shape, attrs, 1);
  const geo = geometry(info);
  if (geo === null || info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) return null;
  const out = backend.output(inputShape, 'float32');
  backend.addon.conv2dBackpropInput(
    backend.valuesOf(dy) as Float32Array,
    backend.valuesOf(filter) as Float32Array,
    out.values,
    geo,
  );
  return out.info;
}

function backpropFilter({ inputs, attrs, backend }: NativeArgs<Conv2DBackpropFilterAttrs>): TensorInfo | null {
  const { x, dy } = inputs as Record<string, TensorInfo | undefined>;
  if (x === undefined || dy === undefined || !allFloat32(backend, x, dy) || x.shape.length !== 4) return null;
  const { filterShape } = attrs;
  const info = convInfo(x.shape, filterShape, attrs, 1);
  const geo = geometry(info);
  if (geo === null || info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) return null;
  const out = backend.output(filterShape, 'float32');
  backend.addon.conv2dBackpropFilter(
    backend.valuesOf(x) as Float32Array,
    backend.valuesOf(dy) as Float32Array,
    out.values,
    geo,
  );
  return out.info;
}

/** The native convolution kernels. */
export const convKernels: KernelConfig[] = [
  nativeKernel<Conv2DAttrs>(Conv2D, (args) => forward(args, false)),
  nativeKernel<FusedConv2DAttrs>(FusedConv2D, (args) => forward(args, true)),
  nativeKernel<Conv2DBackpropInputAttrs>(Conv2DBackpropInput, backpropInput),
  nativeKernel<Conv2DBackpropFilterAttrs>(Conv2DBackpropFilter, backpropFilter),
];
