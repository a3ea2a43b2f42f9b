import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { binarizedKernels, type BinarizedKernel } from './model/binarized-kernels.js';

/** The flip ratio of one optimiser step. */
export interface FlipRatio {
  /** Fraction of all binary weights whose sign changed. */
  readonly total: number;
  /** The same fraction per binarised layer, by layer name. */
  readonly perLayer: Record<string, number>;
}

/**
 * Measures the flip ratio (Larq's `FlipRatio`): the fraction of binary weights whose sign
 * changed in an optimiser step. It snapshots the signs of the binarised kernels and compares them
 * after each step. Signs follow the binary forward pass: w >= 0 is +1, so a weight moving between
 * 0 and a positive value does not flip. The snapshot lives on the backend until {@link FlipRatioTracker.dispose}.
 *
 * Usage: create it before training (or call {@link FlipRatioTracker.snapshot}), then call {@link FlipRatioTracker.measure} after
 * every `optimizer.applyGradients`; {@link FlipRatioTracker.mean} averages the steps since {@link FlipRatioTracker.resetMean}
 * (one value per epoch in the run log).
 */
export class FlipRatioTracker {
  private readonly kernels: BinarizedKernel[];
  private previous: Tensor[] = [];
  private sum = 0;
  private steps = 0;

  /** @param model a built model with binarised layers */
  constructor(model: LayersModel) {
    this.kernels = binarizedKernels(model);
    if (this.kernels.length === 0) {
      throw new RangeError(`FlipRatioTracker: model '${model.name}' has no binarised kernel (no layer with a 1-bit kernel estimator).`);
    }
    this.snapshot();
  }

  /** Stores the current signs as the reference for the next {@link FlipRatioTracker.measure}. */
  snapshot(): void {
    const next = this.kernels.map((k) => tf.tidy(() => tf.greaterEqual(k.variable.read(), 0)));
    tf.dispose(this.previous);
    this.previous = next;
  }

  /** The flip ratio since the last snapshot; then snapshots the current signs. */
  measure(): FlipRatio {
    const { current, flipped } = this.compare();
    let counts: ArrayLike<number>;
    try {
      counts = flipped.dataSync();
    } catch (error) {
      tf.dispose(current);
      throw error;
    } finally {
      flipped.dispose();
    }
    return this.record(current, counts);
  }

  /**
   * {@link FlipRatioTracker.measure} with the counts read asynchronously (for backends that cannot
   * read synchronously, such as WebGPU in Node).
   */
  async measureAsync(): Promise<FlipRatio> {
    const { current, flipped } = this.compare();
    let counts: ArrayLike<number>;
    try {
      counts = await flipped.data();
    } catch (error) {
      tf.dispose(current);
      throw error;
    } finally {
      flipped.dispose();
    }
    return this.record(current, counts);
  }

  /** The current signs, and the number of flips per layer since the snapshot (a tensor the caller reads). */
  private compare(): { current: Tensor[]; flipped: Tensor } {
    if (this.previous.length === 0) throw new Error('FlipRatioTracker.measure: no snapshot to compare with (the tracker was disposed); call snapshot() first.');
    const current = this.kernels.map((k) => tf.tidy(() => tf.greaterEqual(k.variable.read(), 0)));
    const flipped = tf.tidy(() => tf.stack(current.map((c, i) => tf.sum(tf.cast(tf.notEqual(c, this.previous[i] as Tensor), 'int32')))));
    return { current, flipped };
  }

  /** Turns the flip counts into ratios, makes `current` the snapshot and adds to the mean. */
  private record(current: Tensor[], counts: ArrayLike<number>): FlipRatio {
    tf.dispose(this.previous);
    this.previous = current;
    const perLayer: Record<string, number> = {};
    let flips = 0;
    let size = 0;
    this.kernels.forEach((k, i) => {
      const n = k.variable.read().size;
      perLayer[k.layerName] = (counts[i] as number) / n;
      flips += counts[i] as number;
      size += n;
    });
    const total = flips / size;
    this.sum += total;
    this.steps++;
    return { total, perLayer };
  }

  /** Mean of the total flip ratios measured since the last {@link FlipRatioTracker.resetMean}; NaN before any. */
  mean(): number {
    return this.steps === 0 ? Number.NaN : this.sum / this.steps;
  }

  /** Starts a new averaging window (e.g. at the start of an epoch). */
  resetMean(): void {
    this.sum = 0;
    this.steps = 0;
  }

  /** Releases the stored signs. */
  dispose(): void {
    tf.dispose(this.previous);
    this.previous = [];
  }
}

