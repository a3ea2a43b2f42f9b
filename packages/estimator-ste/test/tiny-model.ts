import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { QuantConv2D, QuantDense, type Estimator } from '@signflow/core';

/**
 * A tiny binarised classifier (6×6×2 input, 4 classes): QuantConv2D → BatchNorm → global average
 * pooling → QuantDense, every kernel and input quantised by `estimator`.
 */
export function tinyModel(estimator: Estimator): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 2] });
  let x = new QuantConv2D({ filters: 3, kernelSize: 3, padding: 1, kernelEstimator: estimator, inputEstimator: estimator }).apply(input);
  x = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x);
  x = tfl.layers.globalAveragePooling2d({}).apply(x);
  x = new QuantDense({ units: 4, kernelEstimator: estimator, inputEstimator: estimator }).apply(x);
  return tfl.model({ inputs: input, outputs: x as tfl.SymbolicTensor });
}

/** The model's outputs and the gradient of their sum with respect to the input (which shows γ). */
export function outputsAndInputGradient(model: tfl.LayersModel, x: tf.Tensor): { y: number[]; dx: number[] } {
  return tf.tidy(() => ({
    y: Array.from((model.predict(x) as tf.Tensor).dataSync()),
    dx: Array.from(tf.grad((input: tf.Tensor) => tf.sum(model.apply(input) as tf.Tensor))(x).dataSync()),
  }));
}

/**
 * Runs `steps` SGD steps of softmax cross-entropy on a fixed batch and returns the first and last
 * losses and the change of `tf.memory().numTensors` over the steps.
 */
export function trainSteps(model: tfl.LayersModel, steps: number): { firstLoss: number; lastLoss: number; leaked: number } {
  const optimizer = tf.train.sgd(0.1);
  const x = tf.randomNormal([4, 6, 6, 2], 0, 1, 'float32', 1);
  // Unbalanced labels, so that even a model whose logits start out equal gets a gradient (on its bias).
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 4);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = (): number => {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      variables,
    );
    optimizer.applyGradients(grads);
    const loss = value.dataSync()[0];
    tf.dispose([value, grads]);
    return loss;
  };
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push(step());
  const leaked = tf.memory().numTensors - before;
  tf.dispose([x, labels]);
  optimizer.dispose();
  return { firstLoss: losses[0], lastLoss: losses[losses.length - 1], leaked };
}
