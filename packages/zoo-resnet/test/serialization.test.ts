import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackboneModel, collectEstimators, type BackboneOptions } from '@signflow/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { resnet18, resnet20, resnet20BiReal } from '../src/index.js';
import { saveAndLoad, testSign } from '@signflow/core/testing';

describe('save and load', () => {
  // ResNet-18 runs in full precision: its custom layers are the point, and binarising 11 M weights
  // on the cpu backend would only slow the test down.
  const binary = (): BackboneOptions => ({ weightEstimator: testSign(), activationEstimator: testSign() });
  const cases: [string, (o?: BackboneOptions) => LayersModel, [number, number, number], () => BackboneOptions][] = [
    ['resnet20 1W/1A (option-A shortcuts)', resnet20, [8, 8, 3], binary],
    ['resnet20BiReal 1W/1A', resnet20BiReal, [8, 8, 3], binary],
    ['resnet18 32W/32A (−∞-padded max-pool, projection shortcuts)', resnet18, [32, 32, 3], () => ({})],
  ];
  for (const [name, factory, inputShape, precision] of cases) {
    it(`${name} reloads with its estimators, running statistics and outputs`, async () => {
      const model = factory({ ...precision(), inputShape, numClasses: 5, seed: 2 });
      const x = tf.randomNormal([2, ...inputShape], 0, 1, 'float32', 5);
      // One training-mode pass moves the running statistics away from their initial values.
      tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
      const loaded = await saveAndLoad(model);
      expect(loaded).toBeInstanceOf(BackboneModel);
      expect(loaded.countParams()).toBe(model.countParams());
      const sites = collectEstimators(loaded);
      expect(sites.map((s) => [s.role, s.estimator.id])).toEqual(
        collectEstimators(model).map((s) => [s.role, 'test-sign']),
      );
      const [expected, actual] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
      expect(actual.arraySync()).toEqual(expected.arraySync());
      tf.dispose([x, expected, actual]);
      model.dispose();
      loaded.dispose();
    });
  }
});
