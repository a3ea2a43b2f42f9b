import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { BackboneOptions } from '@signflow/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { resnet18Cifar, resnet20, resnet20BiReal } from '../src/index.js';
import { sgdSteps, testSign } from '@signflow/core/testing';

// Tiny inputs keep the cpu backend fast: 4×4 still passes through every stage (4 → 2 → 1).
const tiny = { inputShape: [4, 4, 3] as [number, number, number], numClasses: 4, seed: 3 };

describe('SGD on one random batch', () => {
  const resnet20s: [string, (o?: BackboneOptions) => LayersModel][] = [
    ['resnet20', resnet20],
    ['resnet20BiReal', resnet20BiReal],
  ];
  for (const [name, factory] of resnet20s) {
    it(`${name} 32W/32A: one step lowers the loss and leaks no tensor`, () => {
      const model = factory(tiny);
      const report = sgdSteps(model, { batch: 4, learningRate: 0.05 });
      model.dispose();
      expect(report.leaked).toBe(0);
      expect(report.after).toBeLessThan(report.before);
    });

    it(`${name} 1W/32A: one step lowers the loss and leaks no tensor`, () => {
      const model = factory({ ...tiny, weightEstimator: testSign() });
      const report = sgdSteps(model, { batch: 4, learningRate: 0.05 });
      model.dispose();
      expect(report.leaked).toBe(0);
      expect(report.after).toBeLessThan(report.before);
    });

    // With binary activations the loss is piecewise constant in every binarised quantity and the
    // estimator's gradient is not its gradient: one step flips activation signs near 0, and on a
    // 4-sample batch that moves the loss either way by more than the step gains. Fitting the batch
    // in a few steps is the meaningful check; every variable must also receive a gradient.
    it(`${name} 1W/1A: every variable gets a gradient, and ten steps fit the batch`, () => {
      const model = factory({ ...tiny, weightEstimator: testSign(), activationEstimator: testSign() });
      const x = tf.randomNormal([4, 4, 4, 3], 0, 1, 'float32', 11);
      const { grads, value } = tf.variableGrads(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
      const silent = Object.entries(grads).filter(([, g]) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) === 0).map(([n]) => n);
      tf.dispose([x, value, grads]);
      expect(silent).toEqual([]);
      const report = sgdSteps(model, { batch: 4, learningRate: 0.05, steps: 10 });
      model.dispose();
      expect(report.leaked).toBe(0);
      expect(report.after).toBeLessThan(0.5 * report.before);
    });
  }

  // 8×8, not 4×4: with four values per channel in the last stage, training-mode BatchNorm makes
  // the gradient hundreds of times larger and any usable step overshoots. Its 11 M weights make
  // this the slowest test (the cpu backend's filter gradient is slow), so it runs one precision.
  it('resnet18Cifar 1W/32A: one step lowers the loss and leaks no tensor', () => {
    const model = resnet18Cifar({ ...tiny, inputShape: [8, 8, 3], weightEstimator: testSign() });
    const report = sgdSteps(model, { batch: 4, learningRate: 0.01 });
    model.dispose();
    expect(report.leaked).toBe(0);
    expect(report.after).toBeLessThan(report.before);
  });
});
