import * as tf from '@tensorflow/tfjs-core';
import { collectEstimators, registerEstimator, unregisterEstimator } from '@signflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReSTE, plugin } from '../src/index.js';
import { outputsAndInputGradient, saveAndLoad, sgdSteps, tinyQuantModel } from '@signflow/core/testing';

beforeAll(() => registerEstimator(plugin));
afterAll(() => unregisterEstimator(plugin.id));

describe('ReSTE in a model', () => {
  it('survives save → load with its outputs, its gradients and a non-default o', async () => {
    const model = tinyQuantModel(createReSTE({ o: 2.5, t: 1.25 }));
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 7);
    const before = outputsAndInputGradient(model, x);
    const loaded = await saveAndLoad(model);
    const after = outputsAndInputGradient(loaded, x);
    expect(after.y).toEqual(before.y);
    expect(after.dx).toEqual(before.dx);
    const sites = collectEstimators(loaded);
    expect(sites).toHaveLength(4);
    for (const site of sites) expect(site.estimator.getConfig()).toEqual({ o: 2.5, t: 1.25, m: 0.1 });
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('trains 10 SGD steps without leaking a tensor', () => {
    const model = tinyQuantModel(createReSTE({ o: 2 }));
    // Unbalanced labels, so that even a model whose logits start out equal gets a gradient (on its bias).
    const { before, after, leaked } = sgdSteps(model, { batch: 4, learningRate: 0.1, steps: 10, seed: 1, labels: [0, 1, 2, 1] });
    expect(leaked).toBe(0);
    expect(after).toBeLessThan(before);
    model.dispose();
  });
});
