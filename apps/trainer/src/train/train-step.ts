import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** What one optimisation step measured. */
export interface StepResult {
  /** Mean cross-entropy of the batch. */
  readonly loss: number;
  /** Correctly classified examples of the batch (top-1, in training mode). */
  readonly correct: number;
}

/**
 * Forward and backward pass of one batch: mean softmax cross-entropy in training mode (BatchNorm
 * uses and updates batch statistics). Returns the gradients of `variables` by name; the caller
 * owns them and disposes them. Loss and count are read asynchronously: WebGPU in Node has no
 * synchronous read.
 */
export async function computeGradients(
  model: LayersModel,
  variables: readonly tf.Variable[],
  xs: tf.Tensor,
  ys: tf.Tensor1D,
  numClasses: number,
): Promise<{ result: StepResult; grads: tf.NamedTensorMap }> {
  let correct: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(xs, { training: true }) as tf.Tensor2D;
    correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), ys), 'int32')));
    return tf.losses.softmaxCrossEntropy(tf.oneHot(ys, numClasses), logits) as tf.Scalar;
  }, variables as tf.Variable[]);
  try {
    const [loss, count] = await Promise.all([value.data(), (correct as tf.Tensor).data()]);
    return { result: { loss: loss[0] as number, correct: count[0] as number }, grads };
  } catch (error) {
    tf.dispose(grads);
    throw error;
  } finally {
    tf.dispose([value, correct as tf.Tensor]);
  }
}
