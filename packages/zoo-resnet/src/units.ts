import { batchNorm, QuantConv2D, type Initializer, type ResolvedBackboneOptions } from '@signflow/core';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';

/** How a model initialises its weights (docs/method.md §6.9 gives one policy per model). */
export interface InitPolicy {
  /** Initializer of a convolution kernel, binary or full precision. */
  conv(fanIn: number, fanOut: number, seed: number | undefined): Initializer;
  /** Initializer of the classifier's weight. */
  linearKernel(fanIn: number, seed: number | undefined): Initializer;
  /** Initializer of the classifier's bias. */
  linearBias(fanIn: number, seed: number | undefined): Initializer;
}

/** What the layer builders need: the validated options and the initialisation policy. */
export interface BuildContext extends ResolvedBackboneOptions {
  /** The model's initialisation policy. */
  readonly init: InitPolicy;
}

/** Applies a layer that maps one symbolic tensor to one. */
export function applyLayer(layer: layers.Layer, x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}

/** The channel count of an NHWC or [batch, features] symbolic tensor. */
export function channelsOf(x: SymbolicTensor): number {
  return x.shape[x.shape.length - 1] as number;
}

/**
 * The binary unit of every block, in the authors' order: BConv3×3 (pad 1, no bias) → ReLU → BN.
 * The BConv quantises its kernel with the weight estimator and its input with the activation
 * estimator; either may be null (full precision).
 */
export function binaryUnit(ctx: BuildContext, x: SymbolicTensor, name: string, filters: number, stride: number): SymbolicTensor {
  const conv = new QuantConv2D({
    name: `${name}_conv`,
    filters,
    kernelSize: 3,
    strides: stride,
    padding: 1,
    useBias: false,
    kernelEstimator: ctx.weightEstimator,
    inputEstimator: ctx.activationEstimator,
    kernelInitializer: ctx.init.conv(9 * channelsOf(x), 9 * filters, ctx.seeds.next()),
  });
  const relu = applyLayer(layers.reLU({ name: `${name}_relu` }), applyLayer(conv, x));
  return applyLayer(batchNorm(`${name}_bn`), relu);
}

/**
 * A full-precision convolution without bias, zero-padded symmetrically by `padding` on each side
 * (PyTorch's padding; TF's 'same' would pad asymmetrically at stride 2).
 */
export function fullPrecisionConv(
  ctx: BuildContext,
  x: SymbolicTensor,
  name: string,
  filters: number,
  kernelSize: number,
  stride: number,
  padding: number,
): SymbolicTensor {
  const padded = padding === 0 ? x : applyLayer(layers.zeroPadding2d({ name: `${name}_pad`, padding }), x);
  const fanIn = kernelSize * kernelSize * channelsOf(x);
  const conv = layers.conv2d({
    name: `${name}_conv`,
    filters,
    kernelSize,
    strides: stride,
    padding: 'valid',
    useBias: false,
    kernelInitializer: ctx.init.conv(fanIn, kernelSize * kernelSize * filters, ctx.seeds.next()),
  });
  return applyLayer(conv, padded);
}

/** The residual sum; no ReLU follows it in these models. */
export function residualAdd(a: SymbolicTensor, b: SymbolicTensor, name: string): SymbolicTensor {
  return applyLayer(layers.add({ name }), [a, b]);
}

/**
 * The ResNet head: global average pool → BatchNorm1d → full-precision Linear with bias, giving
 * logits. The global pool equals the authors' fixed 8×8 / 4×4 / 7×7 pools at the default input
 * sizes and keeps working at others.
 */
export function resnetHead(ctx: BuildContext, x: SymbolicTensor): SymbolicTensor {
  const pooled = applyLayer(layers.globalAveragePooling2d({ name: 'pool' }), x);
  const normed = applyLayer(batchNorm('head_bn'), pooled);
  const fanIn = channelsOf(normed);
  const fc = layers.dense({
    name: 'fc',
    units: ctx.numClasses,
    useBias: true,
    kernelInitializer: ctx.init.linearKernel(fanIn, ctx.seeds.next()),
    biasInitializer: ctx.init.linearBias(fanIn, ctx.seeds.next()),
  });
  return applyLayer(fc, normed);
}
