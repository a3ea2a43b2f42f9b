import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EpochRecord } from '../run/epoch-log.js';

/**
 * Watches training and contributes fields to each epoch's log record. Like the reference code,
 * observers look at the last step of each epoch only (its value is the one that survives there).
 */
export interface TrainingObserver {
  /** Before the optimiser update of an epoch's last step. */
  beforeLastUpdate?(model: LayersModel): void | Promise<void>;
  /**
   * After that update, with the step's gradients (keyed by variable name; owned by the caller).
   * Read tensors asynchronously here: WebGPU in Node has no synchronous read.
   */
  afterLastUpdate?(model: LayersModel, grads: tf.NamedTensorMap): void | Promise<void>;
  /** The fields for this epoch's record; called once per epoch after the last step. */
  epochFields(): Partial<EpochRecord>;
  /** Frees what the observer holds (tensors) at the end of the run. */
  dispose?(): void;
}
