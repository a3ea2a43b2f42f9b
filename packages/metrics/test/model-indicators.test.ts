import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { QuantConv2D, QuantDense } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import {
  binarizedKernels,
  estimatingError,
  FlipRatioTracker,
  gradientInstability,
  IndicatorTracker,
  kernelGradients,
  kernelValues,
} from '../src/index.js';
import { ClipSign, TwoBit } from './fixtures/estimators.js';

/**
 * A small model with every kind of layer the indicators must tell apart: an FP stem conv
 * (QuantConv2D without estimator), a binary conv, a 2-bit conv, a plain tfjs conv, a binary
 * dense and an FP QuantDense head.
 */
function smallModel(): tfl.LayersModel {
  // Seeded weights. The 2-bit conv's six weights start in [0.2, 1]: drawn around 0, they all
  // quantise to 0 now and then, the layer outputs zeros and every kernel gradient vanishes.
  let seed = 0;
  const init = () => ({ kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: ++seed }) });
  const sign = new ClipSign({ clip: 1 });
  const input = tfl.input({ shape: [4, 4, 2] });
  let x = new QuantConv2D({ name: 'stem', filters: 3, kernelSize: 3, padding: 1, ...init() }).apply(input) as tfl.SymbolicTensor;
  x = new QuantConv2D({ name: 'bconv', filters: 3, kernelSize: 3, padding: 1, kernelEstimator: sign, inputEstimator: sign, ...init() }).apply(x) as tfl.SymbolicTensor;
  x = new QuantConv2D({ name: 'conv2bit', filters: 2, kernelSize: 1, kernelEstimator: new TwoBit(), kernelInitializer: tfl.initializers.randomUniform({ minval: 0.2, maxval: 1, seed: 99 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ name: 'plain', filters: 2, kernelSize: 1, ...init() }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  x = new QuantDense({ name: 'bdense', units: 5, kernelEstimator: sign, ...init() }).apply(x) as tfl.SymbolicTensor;
  const y = new QuantDense({ name: 'head', units: 3, ...init() }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: y });
}

describe('binarizedKernels', () => {
  it('picks the 1-bit kernels only, in layer order', () => {
    const model = smallModel();
    const kernels = binarizedKernels(model);
    expect(kernels.map((k) => k.layerName)).toEqual(['bconv', 'bdense']);
    expect(kernels.map((k) => k.variable.shape)).toEqual([
      [3, 3, 3, 3],
      [32, 5],
    ]);
    model.dispose();
  });

  it('feeds the indicators from one training step, by variable name, without leaks', () => {
    const model = smallModel();
    const kernels = binarizedKernels(model);
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const tracker = new IndicatorTracker({ oEnd: 3 });
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() =>
      tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
    );
    const kernelGrads = kernelGradients(kernels, grads);
    // The picked gradients are the ones of the kernel variables, not of the biases or FP layers.
    expect(kernelGrads.map((g) => g.shape)).toEqual(kernels.map((k) => k.variable.shape));
    expect(kernelGrads[0]).toBe(grads[kernels[0].variable.name]);
    const measured = tracker.observe(0, kernelValues(kernels), kernelGrads);
    expect(measured.estimatingError).toBeCloseTo(estimatingError(kernelValues(kernels), 3), 6);
    expect(measured.gradientInstability).toBeCloseTo(gradientInstability(kernelGrads), 10);
    expect(measured.gradientInstability).toBeGreaterThan(0);
    tf.dispose([value, grads]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('names the missing variables when the gradient map lacks a kernel', () => {
    const model = smallModel();
    const kernels = binarizedKernels(model);
    expect(() => kernelGradients(kernels, {})).toThrow(/no gradient for .*bconv\/kernel.*bdense\/kernel/);
    model.dispose();
  });
});

describe('FlipRatioTracker', () => {
  it('counts sign changes of the binary kernels between steps (0 counts as +1)', () => {
    const model = smallModel();
    const [bconv, bdense] = binarizedKernels(model);
    const setKernel = (v: tfl.LayerVariable, values: number[]) => {
      const t = tf.tensor(values, v.shape as number[]);
      v.write(t);
      t.dispose();
    };
    const convSize = 81;
    const denseSize = 160;
    // Before: every conv weight 0 (sign +1), every dense weight −1.
    setKernel(bconv.variable, new Array(convSize).fill(0));
    setKernel(bdense.variable, new Array(denseSize).fill(-1));
    const tracker = new FlipRatioTracker(model);
    const before = tf.memory().numTensors;
    // After: conv weights 0.3 (still +1: no flip), except 9 set to −0.1 (flip);
    // dense: 40 weights set to 0 (−1 → +1: flip), the rest unchanged.
    setKernel(bconv.variable, Array.from({ length: convSize }, (_, i) => (i < 9 ? -0.1 : 0.3)));
    setKernel(bdense.variable, Array.from({ length: denseSize }, (_, i) => (i < 40 ? 0 : -1)));
    const step = tracker.measure();
    expect(tf.memory().numTensors).toBe(before);
    expect(step.perLayer).toEqual({ bconv: 9 / 81, bdense: 40 / 160 });
    expect(step.total).toBeCloseTo(49 / 241, 12);
    // No change since: ratio 0; the mean covers both steps.
    expect(tracker.measure().total).toBe(0);
    expect(tracker.mean()).toBeCloseTo(49 / 241 / 2, 12);
    tracker.resetMean();
    expect(Number.isNaN(tracker.mean())).toBe(true);
    tracker.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
    expect(() => tracker.measure()).toThrow(/call snapshot\(\) first/);
    model.dispose();
  });

  it('refuses a model without binarised kernels', () => {
    const input = tfl.input({ shape: [3] });
    const model = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor });
    expect(() => new FlipRatioTracker(model)).toThrow(/has no binarised kernel/);
    model.dispose();
  });
});
