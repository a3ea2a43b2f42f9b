import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { initializers, input, layers, loadLayersModel, model as functionalModel, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { BaseEstimator } from '../estimator/base-estimator.js';
import type { Estimator, EstimatorPlugin } from '../estimator/estimator.js';
import { binarySign } from '../estimator/quantize.js';
import { registerEstimator } from '../registry/plugin-registry.js';
import type { KernelScale } from '../layers/kernel-scale.js';
import { QuantConv2D } from '../layers/quant-conv2d.js';
import { QuantDense } from '../layers/quant-dense.js';

/**
 * Saves `model` to memory (topology JSON plus weights) and loads it back through the layer and
 * estimator registries: the round trip a saved model makes.
 */
export async function saveAndLoad(model: LayersModel): Promise<LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === undefined) throw new Error('saveAndLoad: the save handler was not called');
  return loadLayersModel(tf.io.fromMemory(saved));
}

/** What some optimisation steps did to the loss on their batch, and to the tensor count. */
export interface StepReport {
  /** Loss before the first step. */
  readonly before: number;
  /** Loss on the same batch after the last step. */
  readonly after: number;
  /** Tensors alive after the steps minus before them (0: no leak). */
  readonly leaked: number;
}

/** Options of {@link sgdSteps}. */
export interface SgdStepsOptions {
  /** Examples in the batch. */
  readonly batch: number;
  /** SGD learning rate. */
  readonly learningRate: number;
  /** Number of steps; default 1. */
  readonly steps?: number;
  /** Seed of the random inputs; default 7. */
  readonly seed?: number;
  /** Class of each example; default 0, 1, 2, … cycling through the classes. */
  readonly labels?: readonly number[];
}

/**
 * Plain SGD steps of softmax cross-entropy (training mode) on one seeded random batch: inputs
 * N(0, 1), labels 0, 1, 2, … one-hot unless given. Measures the loss on that batch before and after, and the
 * change in live tensors around the steps — the smoke test of a backbone or an estimator.
 */
export function sgdSteps(model: LayersModel, options: SgdStepsOptions): StepReport {
  const numClasses = (model.outputs[0].shape as number[])[1];
  const x = tf.randomNormal([options.batch, ...(model.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', options.seed ?? 7);
  const classes = options.labels ?? Array.from({ length: options.batch }, (_, i) => i % numClasses);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([...classes], 'int32'), numClasses));
  const loss = (): tf.Scalar => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as Tensor) as tf.Scalar;
  const optimizer = tf.train.sgd(options.learningRate);
  const lossValue = (): number => tf.tidy(() => loss().dataSync()[0]);
  const before = lossValue();
  const tensorsBefore = tf.memory().numTensors;
  for (let step = 0; step < (options.steps ?? 1); step += 1) optimizer.minimize(loss, true)?.dispose();
  const leaked = tf.memory().numTensors - tensorsBefore;
  const after = lossValue();
  tf.dispose([x, labels]);
  optimizer.dispose();
  return { before, after, leaked };
}

/**
 * A 1-bit estimator for tests of layers and backbones: sign forward (0 → +1), clipped identity
 * backward (the gradient passes where |x| <= 1). Backbone packages never import estimator
 * packages, so their tests use this one.
 */
class TestSign extends BaseEstimator {
  constructor() {
    super('test-sign', 1, {}, {});
  }

  forward(x: Tensor): Tensor {
    return binarySign(x);
  }

  pseudoGrad(x: Tensor, dy: Tensor): Tensor {
    return tf.tidy(() => tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(x), 1), 'float32')));
  }
}

/** The plugin of {@link testSign}'s estimator (id `test-sign`). */
export const testSignPlugin: EstimatorPlugin = Object.freeze({ id: 'test-sign', create: () => new TestSign() });

/** A fresh test estimator; its plugin is registered, so saved models that use it load again. */
export function testSign(): BaseEstimator {
  registerEstimator(testSignPlugin);
  return new TestSign();
}

/**
 * A tiny quantised classifier for estimator tests (6×6×2 input, 4 classes): QuantConv2D (3×3, 3
 * filters, padding 1) → BatchNormalization → global average pooling → QuantDense(4), both layers
 * quantising their kernel with `kernelEstimator` and their input with `inputEstimator`. Its
 * kernels are drawn from seeded Glorot-uniform initialisers, so tests that train it do the same
 * steps on every run.
 */
export function tinyQuantModel(kernelEstimator: Estimator, inputEstimator: Estimator = kernelEstimator, kernelScale: KernelScale = 'layer-mean', seed = 1): LayersModel {
  const kernelInitializer = (offset: number) => initializers.glorotUniform({ seed: seed + offset });
  const image = input({ shape: [6, 6, 2] });
  let x = new QuantConv2D({ filters: 3, kernelSize: 3, padding: 1, kernelEstimator, inputEstimator, kernelScale, kernelInitializer: kernelInitializer(0) }).apply(image) as SymbolicTensor;
  x = layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as SymbolicTensor;
  x = layers.globalAveragePooling2d({}).apply(x) as SymbolicTensor;
  x = new QuantDense({ units: 4, kernelEstimator, inputEstimator, kernelScale, kernelInitializer: kernelInitializer(1) }).apply(x) as SymbolicTensor;
  return functionalModel({ inputs: image, outputs: x });
}

/** The model's outputs and the gradient of their sum with respect to the input (which shows γ). */
export function outputsAndInputGradient(model: LayersModel, x: Tensor): { y: number[]; dx: number[] } {
  return tf.tidy(() => ({
    y: Array.from((model.predict(x) as Tensor).dataSync()),
    dx: Array.from(tf.grad((inputs: Tensor) => tf.sum(model.apply(inputs) as Tensor))(x).dataSync()),
  }));
}
