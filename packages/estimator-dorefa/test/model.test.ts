import * as tf from '@tensorflow/tfjs-core';
import { collectEstimators, registerEstimator, unregisterEstimator, type KernelScale } from '@signflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoReFa, plugin } from '../src/index.js';
import { saveAndLoad } from '@signflow/core/testing';
import { outputsAndInputGradient, tinyModel, trainSteps } from './tiny-model.js';

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
      const model = tinyModel(
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
      const model = tinyModel(
        createDoReFa({ bits: weightBits, mode: 'weights' }),
        createDoReFa({ bits: activationBits, mode: 'activations' }),
        kernelScale,
      );
      const { firstLoss, lastLoss, leaked } = trainSteps(model, 10);
      expect(leaked).toBe(0);
      expect(lastLoss).toBeLessThan(firstLoss);
      model.dispose();
    });
  }
});
