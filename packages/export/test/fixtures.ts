import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Estimator } from '@signflow/core';
import { createReSTE } from '@signflow/estimator-reste';
import { resnet20, resnet20BiReal } from '@signflow/zoo-resnet';
import { lenet, mlp } from '@signflow/zoo-small';
import { vggSmall } from '@signflow/zoo-vgg';

/** A small seeded generator (mulberry32) for weights and inputs. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** N(0, 1) values from a seeded generator (Box–Muller). */
export function normals(count: number, seed: number): Float32Array {
  const random = seeded(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return out;
}

/**
 * Gives every batch norm of `model` seeded running statistics and affine parameters (including
 * negative γ), as a trained model has, instead of the fresh identity.
 */
export function randomizeBatchNorms(model: LayersModel, seed: number): void {
  const random = seeded(seed);
  for (const layer of model.layers) {
    const names = layer.weights.map((w) => w.originalName.split('/').pop());
    if (!names.includes('moving_variance')) continue;
    const values = layer.weights.map((w) => {
      const n = w.shape[0] as number;
      const kind = w.originalName.split('/').pop();
      const data = Float32Array.from({ length: n }, () => {
        const u = random();
        switch (kind) {
          case 'gamma':
            return (u < 0.1 ? -1 : 1) * (0.5 + random());
          case 'beta':
            return u - 0.5;
          case 'moving_mean':
            return 2 * u;
          default:
            return 0.5 + 2 * u;
        }
      });
      return tf.tensor1d(data);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** The zoo backbones that binarise activations, at small input sizes, 1W/1A or 1W/32A. */
export const BACKBONES: Record<string, (weights: Estimator | null, activations: Estimator | null) => LayersModel> = {
  resnet20: (w, a) => resnet20({ weightEstimator: w, activationEstimator: a, seed: 1 }),
  'resnet20-bireal': (w, a) => resnet20BiReal({ weightEstimator: w, activationEstimator: a, seed: 2 }),
  'vgg-small': (w, a) => vggSmall({ weightEstimator: w, activationEstimator: a, seed: 3, widthMultiplier: 0.25, inputShape: [16, 16, 3] }),
  mlp: (w, a) => mlp({ weightEstimator: w, activationEstimator: a, seed: 4 }),
  lenet: (w, a) => lenet({ weightEstimator: w, activationEstimator: a, seed: 5 }),
};

/** A 1W/1A (or 1W/32A) ReSTE model with seeded batch-norm statistics. */
export function binaryModel(id: string, activations = true): LayersModel {
  const model = BACKBONES[id](createReSTE(), activations ? createReSTE() : null);
  randomizeBatchNorms(model, 11);
  return model;
}

/** Seeded input images for `model`, NHWC. */
export function inputsFor(model: LayersModel, batch: number, seed = 7): { data: Float32Array; shape: number[] } {
  const shape = [batch, ...(model.inputs[0].shape.slice(1) as number[])];
  return { data: normals(shape.reduce((a, b) => a * b, 1), seed), shape };
}

/** The model's logits in inference mode. */
export function referenceLogits(model: LayersModel, input: { data: Float32Array; shape: number[] }): Float32Array {
  return tf.tidy(() => (model.apply(tf.tensor(input.data, input.shape), { training: false }) as tf.Tensor).dataSync() as Float32Array);
}

/** Largest absolute difference. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
