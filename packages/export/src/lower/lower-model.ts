import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, LayerVariable, layers } from '@tensorflow/tfjs-layers';
import { binarySign, isQuantizedLayer, quantizedKernel, type Estimator, type KernelScale } from '@signflow/core';
import { UnexportableLayerError } from './errors.js';
import { isSignEstimator } from './estimators.js';
import { fuseGraph } from './fuse.js';
import type { IrBatchNorm, IrGraph, IrOp, IrWeights } from './graph.js';

type Layer = layers.Layer;
type Config = Record<string, unknown>;

/** Thrown for a layer no format can express. */
function unsupported(layer: Layer, reason: string): never {
  throw new UnexportableLayerError(layer.name, reason, 'any', []);
}

function weightsByName(layer: Layer): Map<string, Float32Array> {
  const map = new Map<string, Float32Array>();
  for (const w of layer.weights) {
    const local = w.originalName.startsWith(`${layer.name}/`) ? w.originalName.slice(layer.name.length + 1) : w.originalName;
    map.set(local, w.read().dataSync() as Float32Array);
  }
  return map;
}

function inboundNames(layer: Layer): string[] {
  if (layer.inboundNodes.length !== 1) unsupported(layer, `is applied ${layer.inboundNodes.length} times (shared layers are not exported)`);
  return layer.inboundNodes[0].inboundLayers.map((l) => l.name);
}

function pair(value: unknown): [number, number] {
  return Array.isArray(value) ? [Number(value[0]), Number(value[1])] : [Number(value), Number(value)];
}

/** The kernel of a quantised layer as the forward pass computes it, and as signs and α. */
function quantizedWeights(kernel: LayerVariable, estimator: Estimator, scale: KernelScale): IrWeights {
  return tf.tidy(() => {
    const latent = kernel.read();
    const values = quantizedKernel(latent, estimator, scale).dataSync() as Float32Array;
    if (!isSignEstimator(estimator)) return { kind: 'quantized' as const, values, bits: estimator.bits };
    const signs = binarySign(latent).dataSync() as Float32Array;
    const axes = latent.shape.slice(0, -1).map((_: number, i: number) => i);
    const alpha =
      scale === 'none'
        ? new Float32Array([1])
        : scale === 'layer-mean'
          ? (tf.mean(tf.abs(latent)).dataSync() as Float32Array)
          : (tf.mean(tf.abs(latent), axes, true).dataSync() as Float32Array);
    const irScale = scale === 'none' ? 'none' : scale === 'layer-mean' ? 'layer' : 'channel';
    return { kind: 'binary' as const, values, signs, scale: irScale, alpha: Float32Array.from(alpha) };
  });
}

function kernelVariable(layer: Layer): LayerVariable {
  const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
  if (kernel === undefined) unsupported(layer, 'has no kernel');
  return kernel;
}

function inputQuant(layer: Layer, estimator: Estimator | null): 'none' | 'sign' {
  if (estimator === null) return 'none';
  if (isSignEstimator(estimator)) return 'sign';
  return unsupported(layer, `quantises its input with the ${estimator.bits}-bit estimator '${estimator.id}', whose forward pass is not the sign`);
}

function batchNormOf(layer: Layer, config: Config): IrBatchNorm {
  const w = weightsByName(layer);
  const mean = w.get('moving_mean');
  const variance = w.get('moving_variance');
  if (mean === undefined || variance === undefined) unsupported(layer, 'has no running statistics');
  const axis = config['axis'];
  if (axis !== undefined && axis !== -1 && !(Array.isArray(axis) && axis.length === 1 && axis[0] === -1)) {
    const rank = (layer.inputSpec?.[0]?.ndim ?? (layer.batchInputShape as number[] | undefined)?.length) as number | undefined;
    if (rank === undefined || (axis !== rank - 1 && !(Array.isArray(axis) && axis[0] === rank - 1))) unsupported(layer, `normalises axis ${JSON.stringify(axis)}, not the channel axis`);
  }
  return {
    gamma: w.get('gamma') ?? new Float32Array(mean.length).fill(1),
    beta: w.get('beta') ?? new Float32Array(mean.length),
    mean,
    variance,
    epsilon: Number(config['epsilon']),
  };
}

/** Lowers one layer (not the input layer) to operations. */
function lowerLayer(layer: Layer): IrOp[] {
  const className = layer.getClassName();
  const config = layer.getConfig() as Config;
  const inputs = inboundNames(layer);
  const name = layer.name;
  const layersOf = [name];
  const one = inputs as [string];
  switch (className) {
    case 'signflow>QuantConv2D':
    case 'Conv2D': {
      const quantized = isQuantizedLayer(layer);
      const kernel = kernelVariable(layer);
      const [kh, kw, channels, filters] = kernel.shape as number[];
      let padding: [number, number] = [0, 0];
      let relu = false;
      if (className === 'Conv2D') {
        if (config['dataFormat'] !== 'channelsLast') unsupported(layer, 'is not channels-last');
        if (pair(config['dilationRate']).some((d) => d !== 1)) unsupported(layer, 'is dilated');
        const strides = pair(config['strides']);
        if (config['padding'] === 'same') {
          if (strides.some((s) => s !== 1) || kh % 2 === 0 || kw % 2 === 0) unsupported(layer, "uses 'same' padding, which is asymmetric here");
          padding = [(kh - 1) / 2, (kw - 1) / 2];
        } else if (config['padding'] !== 'valid') unsupported(layer, `uses padding ${JSON.stringify(config['padding'])}`);
        if (config['activation'] === 'relu') relu = true;
        else if (config['activation'] !== 'linear') unsupported(layer, `has the activation ${JSON.stringify(config['activation'])}`);
      } else {
        padding = pair(config['padding']);
      }
      const weights: IrWeights =
        quantized && layer.kernelEstimator !== null
          ? quantizedWeights(kernel, layer.kernelEstimator, layer.kernelScale)
          : { kind: 'float', values: kernel.read().dataSync() as Float32Array };
      const bias = weightsByName(layer).get('bias');
      return [
        {
          op: 'conv2d',
          name,
          inputs: one,
          layers: layersOf,
          kernel: [kh, kw],
          strides: pair(config['strides']),
          padding,
          channels,
          filters,
          inputQuant: quantized ? inputQuant(layer, layer.inputEstimator) : 'none',
          weights,
          ...(bias === undefined ? {} : { bias }),
          relu,
        },
      ];
    }
    case 'signflow>QuantDense':
    case 'Dense': {
      const quantized = isQuantizedLayer(layer);
      const kernel = kernelVariable(layer);
      const [features, units] = kernel.shape as number[];
      const inputShape = layer.inboundNodes[0].inputShapes[0] as number[];
      if (inputShape.length !== 2) unsupported(layer, `is applied to a rank-${inputShape.length} input (exported dense layers take [batch, features])`);
      let relu = false;
      if (className === 'Dense') {
        if (config['activation'] === 'relu') relu = true;
        else if (config['activation'] !== 'linear') unsupported(layer, `has the activation ${JSON.stringify(config['activation'])}`);
      }
      const weights: IrWeights =
        quantized && layer.kernelEstimator !== null
          ? quantizedWeights(kernel, layer.kernelEstimator, layer.kernelScale)
          : { kind: 'float', values: kernel.read().dataSync() as Float32Array };
      const bias = weightsByName(layer).get('bias');
      return [
        {
          op: 'dense',
          name,
          inputs: one,
          layers: layersOf,
          features,
          units,
          inputQuant: quantized ? inputQuant(layer, layer.inputEstimator) : 'none',
          weights,
          ...(bias === undefined ? {} : { bias }),
          relu,
        },
      ];
    }
    case 'ReLU':
      if ((config['maxValue'] ?? null) !== null) unsupported(layer, 'caps its ReLU (maxValue)');
      return [{ op: 'relu', name, inputs, layers: layersOf }];
    case 'Activation':
      if (config['activation'] !== 'relu') unsupported(layer, `has the activation ${JSON.stringify(config['activation'])}`);
      return [{ op: 'relu', name, inputs, layers: layersOf }];
    case 'signflow>BatchNorm':
    case 'BatchNormalization':
      return [{ op: 'batchNorm', name, inputs, layers: layersOf, batchNorm: batchNormOf(layer, config) }];
    case 'Add':
      if (inputs.length !== 2) unsupported(layer, `adds ${inputs.length} tensors (exported adds take two)`);
      return [{ op: 'add', name, inputs, layers: layersOf }];
    case 'MaxPooling2D': {
      if (config['padding'] !== 'valid') unsupported(layer, "uses 'same' padding, which is asymmetric here");
      return [{ op: 'maxPool', name, inputs, layers: layersOf, size: pair(config['poolSize']), strides: pair(config['strides'] ?? config['poolSize']), padding: [0, 0] }];
    }
    case 'signflow>PaddedMaxPool2D':
      return [{ op: 'maxPool', name, inputs, layers: layersOf, size: pair(config['poolSize']), strides: pair(config['strides']), padding: pair(config['padding']) }];
    case 'GlobalAveragePooling2D':
      if ((config['dataFormat'] ?? 'channelsLast') !== 'channelsLast') unsupported(layer, 'is not channels-last');
      return [{ op: 'globalAveragePool', name, inputs, layers: layersOf }];
    case 'ZeroPadding2D': {
      const p = config['padding'] as [[number, number], [number, number]];
      return [{ op: 'pad', name, inputs, layers: layersOf, pads: [p[0][0], p[0][1], p[1][0], p[1][1]] }];
    }
    case 'signflow>OptionAShortcut': {
      const stride = Number(config['stride']);
      const padding = Number(config['channelPadding']);
      const sub = `${name}/subsample`;
      return [
        { op: 'subsample', name: sub, inputs, layers: layersOf, stride },
        { op: 'padChannels', name, inputs: [sub], layers: layersOf, before: padding, after: padding },
      ];
    }
    case 'Flatten':
      return [{ op: 'flatten', name, inputs, layers: layersOf, order: 'hwc' }];
    case 'Permute':
      return [{ op: 'permute', name, inputs, layers: layersOf, dims: config['dims'] as number[] }];
    default:
      return unsupported(layer, `is a ${className}, which no export format expresses`);
  }
}

/**
 * Lowers a signflow model (any of the zoo's CNNs and MLPs) to its inference graph: quantised
 * kernels read out as forward values and as signs and α, batch norms with their running
 * statistics, then padding, ReLU and batch norms fused into the layers before them where the
 * graph allows (see {@link fuseGraph}).
 *
 * @throws UnexportableLayerError naming the first layer that no format can express.
 */
export function lowerModel(model: LayersModel): IrGraph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new UnexportableLayerError(model.name, `has ${model.inputs.length} inputs and ${model.outputs.length} outputs (exported models have one of each)`, 'any', []);
  }
  const inputLayer = model.inputLayers[0];
  const ops: IrOp[] = [];
  for (const layer of model.layers) {
    if (layer === inputLayer) continue;
    ops.push(...lowerLayer(layer));
  }
  const shape = (inputLayer.batchInputShape as (number | null)[]).slice(1);
  if (shape.some((d) => d === null)) throw new UnexportableLayerError(inputLayer.name, 'has an input of unknown size', 'any', []);
  return fuseGraph({ name: model.name, input: { name: inputLayer.name, shape: shape as number[] }, output: model.outputLayers[0].name, ops });
}
