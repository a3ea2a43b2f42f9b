import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

let ready: Promise<void> | null = null;

/**
 * Selects TensorFlow.js's CPU backend once. The curves (a few hundred values) and the models of
 * small runs need no GPU, and the CPU backend behaves the same in every browser, headless included.
 */
export function ensureBackend(): Promise<void> {
  ready ??= tf.setBackend('cpu').then((ok) => {
    if (!ok) throw new Error('the TensorFlow.js CPU backend could not be selected');
  });
  return ready;
}
