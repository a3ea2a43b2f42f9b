import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Mean softmax cross-entropy of the model on (x, labels), in training mode (batch statistics). */
function trainingLoss(model: LayersModel, x: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const logits = model.apply(x, { training: true }) as tf.Tensor;
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
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

/**
 * Plain SGD steps on one seeded random batch (inputs N(0, 1), labels 0, 1, 2, … one-hot),
 * measuring the loss on that batch before and after, and the change in live tensors around the
 * steps.
 */
export function sgdSteps(model: LayersModel, options: { batch: number; learningRate: number; steps?: number; seed?: number }): StepReport {
  const numClasses = (model.outputs[0].shape as number[])[1];
  const x = tf.randomNormal([options.batch, ...(model.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', options.seed ?? 7);
  const labels = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(Array.from({ length: options.batch }, (_, i) => i % numClasses), 'int32'), numClasses),
  );
  const optimizer = tf.train.sgd(options.learningRate);
  const lossOf = (): number => {
    const loss = tf.tidy(() => trainingLoss(model, x, labels));
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  };
  const before = lossOf();
  const tensorsBefore = tf.memory().numTensors;
  for (let step = 0; step < (options.steps ?? 1); step += 1) {
    optimizer.minimize(() => trainingLoss(model, x, labels), true)?.dispose();
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  const after = lossOf();
  tf.dispose([x, labels]);
  optimizer.dispose();
  return { before, after, leaked };
}
