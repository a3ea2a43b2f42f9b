import * as tf from '@tensorflow/tfjs-core';

/**
 * The names of the tensors in `tensors` that hold a NaN or an infinity (one reduction per tensor,
 * read back once). A checkpoint is written only when this is empty.
 */
export function nonFiniteTensors(tensors: ReadonlyArray<{ readonly name: string; readonly tensor: tf.Tensor }>): string[] {
  if (tensors.length === 0) return [];
  const flags = tf.tidy(() => tf.stack(tensors.map(({ tensor }) => tf.cast(tf.all(tf.isFinite(tensor)), 'int32'))));
  const values = flags.dataSync();
  flags.dispose();
  return tensors.filter((_, i) => values[i] === 0).map(({ name }) => name);
}
