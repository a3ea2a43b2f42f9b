/**
 * The measured work: one SGD-with-momentum training step (forward, softmax cross-entropy,
 * backward, update) and one inference forward pass of a model on a fixed random batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A random CIFAR-shaped batch: NHWC images and one-hot labels over 10 classes. */
export interface Batch {
  readonly images: tf.Tensor4D;
  readonly labels: tf.Tensor2D;
}

/** Makes a reproducible random batch of `size` 32x32x3 images. */
export function randomBatch(size: number, seed = 1): Batch {
  return tf.tidy(() => {
    const images = tf.randomNormal([size, 32, 32, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const classes = tf.randomUniform([size], 0, 10, 'int32', seed + 1);
    return { images, labels: tf.cast(tf.oneHot(classes as tf.Tensor1D, 10), 'float32') as tf.Tensor2D };
  });
}

/** A closure that runs one training step (SGD, momentum 0.9) and returns the loss as a number. */
export function trainingStep(model: tfl.LayersModel, batch: Batch, learningRate = 0.01): () => number {
  const optimizer = tf.train.momentum(learningRate, 0.9);
  return () => {
    const loss = optimizer.minimize(() => {
      const logits = model.apply(batch.images, { training: true }) as tf.Tensor;
      return tf.losses.softmaxCrossEntropy(batch.labels, logits) as tf.Scalar;
    }, true);
    const value = (loss as tf.Scalar).dataSync()[0] as number;
    loss?.dispose();
    return value;
  };
}

/** A closure that runs one inference forward pass and waits for its result. */
export function inferenceStep(model: tfl.LayersModel, batch: Batch): () => number {
  return () => {
    // The whole batch at once: predict's default batch size is 32.
    const logits = model.predict(batch.images, { batchSize: batch.images.shape[0] }) as tf.Tensor;
    const first = logits.dataSync()[0] as number;
    logits.dispose();
    return first;
  };
}
