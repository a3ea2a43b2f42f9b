import * as tf from '@tensorflow/tfjs-core';
import { collectEstimators, registerEstimator, unregisterEstimator, type KernelScale } from '@signflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoReFa, plugin } from '../src/index.js';
import { outputsAndInputGradient, saveAndLoad, sgdSteps, tinyQuantModel } from '@signflow/core/testing';

beforeAll(() => registerEstimator(plugin));
afterAll(() => unregisterEstimator(plugin.id));

// The paper's pairings: 1-bit weights with the layer-mean scale, k-bit weights unscaled.
const SETTINGS: { name: string; weightBits: number; activationBits: number; kernelScale: KernelScale }[] = [
  { name: '1-bit weights, 1-bit activations', weightBits: 1, activationBits: 1, kernelScale: 'layer-mean' },
  { name: '2-bit weights, 2-bit activations', weightBits: 2, activationBits: 2, kernelScale: 'none' },
];

describe('DoReFa in a model', () => {
  for (const { name, weightBits, activationBits, kernelScale } of SETTINGS) {
    it(`${name}: survives save → load with its outputs, its gradients and its configs`, async () => {
      const model = tinyQuantModel(
        createDoReFa({ bits: weightBits, mode: 'weights' }),
        createDoReFa({ bits: activationBits, mode: 'activations' }),
        kernelScale,
      );
      const x = tf.randomUniform([2, 6, 6, 2], -0.5, 1.5, 'float32', 7);
      const before = outputsAndInputGradient(model, x);
      const loaded = await saveAndLoad(model);
      const after = outputsAndInputGradient(loaded, x);
      expect(after.y).toEqual(before.y);
      expect(after.dx).toEqual(before.dx);
      expect(collectEstimators(loaded).map((s) => `${s.role}:${JSON.stringify(s.estimator.getConfig())}`)).toEqual([
        `kernel:{"bits":${weightBits},"mode":"weights"}`,
        `input:{"bits":${activationBits},"mode":"activations"}`,
        `kernel:{"bits":${weightBits},"mode":"weights"}`,
        `input:{"bits":${activationBits},"mode":"activations"}`,
      ]);
      x.dispose();
      model.dispose();
      loaded.dispose();
    });

    it(`${name}: trains 10 SGD steps without leaking a tensor`, () => {
      const model = tinyQuantModel(
        createDoReFa({ bits: weightBits, mode: 'weights' }),
        createDoReFa({ bits: activationBits, mode: 'activations' }),
        kernelScale,
      );
      // Unbalanced labels, so that even a model whose logits start out equal gets a gradient (on its bias).
      const { before, after, leaked } = sgdSteps(model, { batch: 4, learningRate: 0.1, steps: 10, seed: 1, labels: [0, 1, 2, 1] });
      expect(leaked).toBe(0);
      expect(after).toBeLessThan(before);
      model.dispose();
    });
  }
});
