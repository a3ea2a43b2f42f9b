import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { batches, type Dataset } from '@signflow/data';
import { TopKAccumulator } from '@signflow/metrics';

/** Test-set metrics. */
export interface Evaluation {
  /** Mean cross-entropy. */
  readonly loss: number;
  /** Top-1 and top-5 accuracy, as fractions. */
  readonly top1: number;
  readonly top5: number;
}

/**
 * Evaluates `model` on the test split in inference mode (BatchNorm uses its running statistics).
 * Results are read asynchronously: WebGPU in Node has no synchronous read.
 */
export async function evaluate(model: LayersModel, dataset: Dataset, batchSize: number): Promise<Evaluation> {
  const numClasses = dataset.classNames.length;
  const topK = Math.min(5, numClasses);
  const accuracy = new TopKAccumulator([1, topK]);
  let lossSum = 0;
  for await (const batch of batches(dataset, { split: 'test', batchSize })) {
    const { logits, loss } = tf.tidy(() => {
      const logits = model.apply(batch.xs, { training: false }) as tf.Tensor2D;
      return { logits, loss: tf.losses.softmaxCrossEntropy(tf.oneHot(batch.ys, numClasses), logits, undefined, undefined, tf.Reduction.SUM) };
    });
    try {
      const [batchLoss] = await Promise.all([loss.data(), accuracy.updateAsync(logits, batch.ys)]);
      lossSum += batchLoss[0] as number;
    } finally {
      tf.dispose([logits, loss, batch.xs, batch.ys]);
    }
  }
  const { accuracy: byK } = accuracy.result();
  return { loss: lossSum / dataset.sizes.test, top1: byK[1], top5: byK[topK] };
}
