import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { vggSmall } from '../src/index.js';
import { sgdSteps, testSign } from '@signflow/core/testing';

// 8×8 is the smallest input VGG-small takes (three 2×2 pools). Even so one backward pass costs
// seconds on the cpu backend, whose filter gradient is slow, so these tests use a batch of 2.
const tiny = { inputShape: [8, 8, 3] as [number, number, number], numClasses: 2, seed: 3 };

describe('vggSmall: SGD on one random batch', () => {
  it('32W/32A: one step lowers the loss and leaks no tensor', () => {
    const model = vggSmall(tiny);
    const report = sgdSteps(model, { batch: 2, learningRate: 0.01 });
    model.dispose();
    expect(report.leaked).toBe(0);
    expect(report.after).toBeLessThan(report.before);
  });

  it('1W/32A: one step lowers the loss and leaks no tensor', () => {
    const model = vggSmall({ ...tiny, weightEstimator: testSign() });
    const report = sgdSteps(model, { batch: 2, learningRate: 0.01 });
    model.dispose();
    expect(report.leaked).toBe(0);
    expect(report.after).toBeLessThan(report.before);
  });

  // With binary activations one step moves the loss either way (see zoo-resnet's tests, where the
  // cheaper ResNet-20 also fits a batch in ten steps); here every variable must get a gradient.
  it('1W/1A: every variable gets a non-zero gradient, computed without leaking a tensor', () => {
    const model = vggSmall({ ...tiny, weightEstimator: testSign(), activationEstimator: testSign() });
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 11);
    const tensorsBefore = tf.memory().numTensors;
    const { grads, value } = tf.variableGrads(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    const silent = Object.entries(grads).filter(([, g]) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]) === 0).map(([n]) => n);
    tf.dispose([value, grads]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tf.dispose(x);
    model.dispose();
    expect(silent).toEqual([]);
  });
});
