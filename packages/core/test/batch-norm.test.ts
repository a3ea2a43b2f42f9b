import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { input, model as functionalModel } from '@tensorflow/tfjs-layers';
import { BatchNorm } from '../src/index.js';

describe('BatchNorm (PyTorch semantics, docs/method.md §8)', () => {
  // One channel, batch [1, 2, 3, 6]: mean 3, biased variance 3.5, unbiased variance 14/3.
  const batch = (): tf.Tensor2D => tf.tensor2d([[1], [2], [3], [6]]);

  function built(): BatchNorm {
    const layer = new BatchNorm({});
    const sym = input({ shape: [1] });
    functionalModel({ inputs: sym, outputs: layer.apply(sym) as never });
    return layer;
  }

  it('normalises a training batch with the biased variance and updates the running variance with the unbiased one', () => {
    const layer = built();
    const y = layer.apply(batch(), { training: true }) as tf.Tensor;
    const expected = [1, 2, 3, 6].map((v) => (v - 3) / Math.sqrt(3.5 + 1e-5));
    (y.dataSync() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    const [, , runningMean, runningVariance] = layer.getWeights().map((w) => w.dataSync()[0]);
    expect(runningMean).toBeCloseTo(0.9 * 0 + 0.1 * 3, 6);
    expect(runningVariance).toBeCloseTo(0.9 * 1 + 0.1 * (14 / 3), 6); // tfjs's biased update would give 1.25
  });

  it('uses the running statistics at inference', () => {
    const layer = built();
    layer.apply(batch(), { training: true });
    const y = layer.apply(batch()) as tf.Tensor;
    const expected = [1, 2, 3, 6].map((v) => (v - 0.3) / Math.sqrt(0.9 + 0.1 * (14 / 3) + 1e-5));
    (y.dataSync() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('counts γ and β only, and refuses a training batch with one value per channel', () => {
    const layer = built();
    expect(layer.countParams()).toBe(2);
    expect(layer.weights).toHaveLength(4);
    expect(() => layer.apply(tf.tensor2d([[1]]), { training: true })).toThrow(/more than one value per channel.*\[1,1\]/);
  });

  it('rejects a momentum outside [0, 1)', () => {
    expect(() => new BatchNorm({ momentum: 1 })).toThrow(/momentum = 1 must be in \[0, 1\)/);
  });
});
