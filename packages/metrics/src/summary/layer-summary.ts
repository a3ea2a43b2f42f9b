import { isQuantizedLayer, type KernelScale } from '@signflow/core';
import type { LayerVariable, layers } from '@tensorflow/tfjs-layers';
import type { LayerSummary, OutputShape, WeightProfile } from './types.js';

type Layer = layers.Layer;

/**
 * Classes whose MACs per sample are (kernel values) × (output positions): each kernel value is
 * used once per output position. Dense counts every leading axis of a rank > 2 input as positions.
 */
const KERNEL_MAC_CLASSES = new Set(['Conv1D', 'Conv2D', 'DepthwiseConv2D', 'Dense', 'signflow>QuantConv2D', 'signflow>QuantDense']);

/** The weight's name inside its layer (`conv/kernel` → `kernel`). */
function localName(layer: Layer, w: LayerVariable): string {
  const prefix = `${layer.name}/`;
  return w.originalName.startsWith(prefix) ? w.originalName.slice(prefix.length) : w.originalName;
}

function isKernel(layer: Layer, w: LayerVariable): boolean {
  const name = localName(layer, w);
  return name === 'kernel' || name === 'depthwise_kernel';
}

/** Output positions per sample: the product of the output dims between batch and channels. */
function outputPositions(shape: OutputShape): number {
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return first.slice(1, -1).reduce<number>((p, d) => p * (d ?? Number.NaN), 1);
}

/** Adds `count` to `byBits[bits]`. */
function addTo(byBits: Record<number, number>, bits: number, count: number): void {
  byBits[bits] = (byBits[bits] ?? 0) + count;
}

/** The bit-aware profile of one (non-container) layer; `prefix` names the enclosing models. */
export function summarizeLayer(layer: Layer, prefix = ''): LayerSummary {
  const quantized = isQuantizedLayer(layer);
  const notes: string[] = [];
  const trainable = new Set(layer.trainableWeights.map((w) => w.id));
  const kernelBits = quantized ? layer.kernelBits : 32;
  const weights: WeightProfile[] = layer.weights.map((w) => {
    const shape = w.shape.map((d) => d ?? 0);
    return {
      name: localName(layer, w),
      shape,
      count: shape.reduce((p, d) => p * d, 1),
      bits: isKernel(layer, w) ? kernelBits : 32,
      trainable: trainable.has(w.id),
    };
  });
  const paramsByBits: Record<number, number> = {};
  for (const w of weights) addTo(paramsByBits, w.bits, w.count);

  const outputShape = layer.outputShape as OutputShape;
  const kernel = weights.find((w) => w.name === 'kernel' || w.name === 'depthwise_kernel');
  let macs = 0;
  if (kernel !== undefined) {
    if (KERNEL_MAC_CLASSES.has(layer.getClassName())) macs = kernel.count * outputPositions(outputShape);
    else notes.push(`MACs not counted for class ${layer.getClassName()}`);
  }
  if (layer.inboundNodes.length > 1) notes.push(`applied ${layer.inboundNodes.length} times; MACs counted once`);

  let precision: LayerSummary['precision'] = 'declared';
  let inputBits: number | null = null;
  let shownKernelBits: number | null = null;
  if (quantized) {
    inputBits = layer.inputBits;
    shownKernelBits = layer.kernelBits;
  } else if (weights.length > 0 || macs > 0) {
    precision = 'assumed-32-bit';
    inputBits = 32;
    shownKernelBits = kernel === undefined ? null : 32;
  } else {
    precision = 'not-applicable';
  }

  const scaleFactors = quantized && layer.kernelEstimator !== null && kernel !== undefined ? scaleCount(layer.kernelScale, kernel.shape) : 0;
  const binary = inputBits === 1 && shownKernelBits === 1;
  return {
    name: prefix + layer.name,
    className: layer.getClassName(),
    precision,
    inputBits,
    kernelBits: shownKernelBits,
    weights,
    paramsByBits,
    scaleFactors,
    memoryBits: isBatchNorm(layer) ? foldedBatchNormBits(weights) : weights.reduce((m, w) => m + w.count * w.bits, 0) + 32 * scaleFactors,
    binaryMacs: binary ? macs : 0,
    floatMacs: binary ? 0 : macs,
    outputShape,
    notes,
  };
}

const BATCH_NORM_CLASSES = new Set(['BatchNormalization', 'signflow>BatchNorm']);

/** Whether `layer` is a batch normalisation (tfjs's or signflow's). */
function isBatchNorm(layer: Layer): boolean {
  return BATCH_NORM_CLASSES.has(layer.getClassName());
}

/**
 * A deployed batch norm is an affine map: a multiplier and a bias per channel (32-bit each),
 * folded from γ, β and the running statistics, as the packed export stores it.
 */
function foldedBatchNormBits(weights: WeightProfile[]): number {
  const channels = Math.max(0, ...weights.map((w) => w.count));
  return 2 * 32 * channels;
}

/** Scale factors stored for a quantised kernel: one per layer, one per output channel, or none. */
function scaleCount(scale: KernelScale, kernelShape: number[]): number {
  switch (scale) {
    case 'layer-mean':
      return 1;
    case 'channel-mean':
      return kernelShape[kernelShape.length - 1];
    case 'none':
      return 0;
  }
}

/** Whether `layer` is itself a model whose layers should be profiled one by one. */
export function isContainer(layer: Layer): layer is Layer & { layers: Layer[] } {
  return Array.isArray((layer as unknown as { layers?: unknown }).layers);
}
