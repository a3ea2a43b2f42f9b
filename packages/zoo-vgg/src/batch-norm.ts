import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import { defaultLayerName } from './layer-name.js';

/** Arguments of {@link BatchNorm}. */
export interface BatchNormArgs extends LayerArgs {
  /** Weight of the old running statistics in their update, TF convention; default 0.9 (PyTorch's momentum 0.1). */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-5 (PyTorch's default). */
  epsilon?: number;
}

/** The learnable scale and shift, and the running statistics (state, not learnable). */
interface BatchNormVariables {
  readonly gamma: LayerVariable;
  readonly beta: LayerVariable;
  readonly movingMean: LayerVariable;
  readonly movingVariance: LayerVariable;
}

/**
 * Batch normalisation over the last (channel) axis with PyTorch's semantics, for inputs of any
 * rank ≥ 2 (BatchNorm1d on [batch, features], BatchNorm2d on NHWC maps). In training it
 * normalises with the batch mean and the biased batch variance, and updates
 * running ← momentum·running + (1 − momentum)·batch with the **unbiased** batch variance for
 * running_var, as PyTorch does; tfjs's BatchNormalization uses the biased one, which makes the
 * evaluation-time scale differ by √(n/(n−1)) (n = values per channel in the batch: noticeable in
 * the BatchNorm1d before a classifier, where n is the batch size). Inference uses the running
 * statistics. `countParams()` counts γ and β only: the running statistics are state, saved with
 * the weights but not learnable, and the reference parameter counts exclude them.
 */
export class BatchNorm extends layers.Layer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>BatchNorm';

  readonly momentum: number;
  readonly epsilon: number;
  private variables: BatchNormVariables | null = null;

  constructor(args: BatchNormArgs = {}) {
    super({ ...args, name: args.name ?? defaultLayerName('batch_norm') });
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new RangeError(`BatchNorm: momentum = ${String(this.momentum)} must be in [0, 1) (TF convention: 0.9 equals PyTorch's 0.1).`);
    }
    if (!(this.epsilon > 0)) throw new RangeError(`BatchNorm: epsilon = ${String(this.epsilon)} must be > 0.`);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    const channels = shape[shape.length - 1];
    if (channels === null || shape.length < 2) {
      throw new Error(`BatchNorm '${this.name}': needs an input of rank >= 2 with a known channel axis, got ${JSON.stringify(shape)}.`);
    }
    this.variables = {
      gamma: this.addWeight('gamma', [channels], 'float32', initializers.ones()),
      beta: this.addWeight('beta', [channels], 'float32', initializers.zeros()),
      movingMean: this.addWeight('moving_mean', [channels], 'float32', initializers.zeros(), undefined, false),
      movingVariance: this.addWeight('moving_variance', [channels], 'float32', initializers.ones(), undefined, false),
    };
    this.built = true;
  }

  override countParams(): number {
    return this.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.variables === null) throw new Error(`BatchNorm '${this.name}' is called before it is built.`);
      const { gamma, beta, movingMean, movingVariance } = this.variables;
      if (kwargs['training'] !== true) {
        return tf.batchNorm(x, movingMean.read(), movingVariance.read(), beta.read(), gamma.read(), this.epsilon);
      }
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const count = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      if (count < 2) {
        throw new Error(
          `BatchNorm '${this.name}': training needs more than one value per channel, got input shape ${JSON.stringify(x.shape)}; use a batch of at least 2.`,
        );
      }
      const { mean, variance } = tf.moments(x, axes);
      this.updateRunning(movingMean, mean);
      this.updateRunning(movingVariance, tf.mul(variance, count / (count - 1)));
      return tf.batchNorm(x, mean, variance, beta.read(), gamma.read(), this.epsilon);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }

  /** running ← momentum·running + (1 − momentum)·batch (a variable write: no gradient flows through it). */
  private updateRunning(running: LayerVariable, batch: Tensor): void {
    tf.tidy(() => {
      const current = running.read();
      running.write(tf.add(tf.mul(current, this.momentum), tf.mul(batch, 1 - this.momentum)));
    });
  }
}

serialization.registerClass(BatchNorm);

/** A {@link BatchNorm} with the reference settings (momentum 0.9 TF-style, epsilon 1e-5). */
export function batchNorm(name: string): BatchNorm {
  return new BatchNorm({ name });
}
