import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectEstimators,
  QuantConv2D,
  QuantDense,
  registerEstimator,
  uniqueEstimators,
  unregisterEstimator,
} from '../src/index.js';
import { ScaledSte, scaledStePlugin } from './helpers.js';

beforeAll(() => registerEstimator(scaledStePlugin));
afterAll(() => unregisterEstimator(scaledStePlugin.id));

/** A layer with the given kernel values (HWIO for conv, [in, out] for dense). */
function withKernel<L extends tfl.layers.Layer>(layer: L, inputShape: number[], kernel: number[]): L {
  layer.apply(tfl.input({ shape: inputShape.slice(1) }));
  const [k, ...rest] = layer.getWeights();
  layer.setWeights([tf.tensor(kernel, k.shape), ...rest]);
  return layer;
}

describe('QuantConv2D', () => {
  it('binarises input and kernel, scales by mean|W| and pads the binarised input with zeros', () => {
    // 1 input channel, 3×3 input, 2×2 kernel, padding 1, stride 2 → output 2×2.
    const est = new ScaledSte({ k: 1 });
    const layer = withKernel(
      new QuantConv2D({ filters: 1, kernelSize: 2, padding: 1, strides: 2, kernelEstimator: est, inputEstimator: est }),
      [1, 3, 3, 1],
      [0.5, -0.25, 1.0, -0.25], // α = 0.5, binary kernel [[1, -1], [1, -1]]
    );
    const x = tf.tensor4d([0.3, -0.2, 0, -1, 2, 0.1, 0.4, -0.4, -3], [1, 3, 3, 1]);
    // Binarised input (0 → +1): [[1,-1,1],[-1,1,1],[1,-1,-1]]; padded with zeros to 5×5.
    // Output (i, j) = α · Σ_{a,b} kb[a][b] · xpad[2i + a][2j + b], kb = [[1,-1],[1,-1]].
    const xb = [[1, -1, 1], [-1, 1, 1], [1, -1, -1]];
    const xpad = (r: number, c: number) => (r >= 1 && r <= 3 && c >= 1 && c <= 3 ? xb[r - 1][c - 1] : 0);
    const kb = [[1, -1], [1, -1]];
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let s = 0;
        for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) s += kb[a][b] * xpad(2 * i + a, 2 * j + b);
        expected.push(0.5 * s);
      }
    }
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual(expected);
    expect(layer.computeOutputShape([null, 3, 3, 1])).toEqual([null, 2, 2, 1]);
  });

  it('keeps α = mean|W| in the gradient (hand-derived formula)', () => {
    // A 1×1 conv over one pixel with 4 input channels holding G: L = y = Σ_i G_i·Ŵ_i, so the
    // upstream gradient on the scaled kernel is dL/dŴ = G.
    const k = 2; // test estimator: γ = k on |w| <= 1, 0 beyond
    const W = [0.5, -0.2, 0.05, -1.5];
    const G = [0.1, 0.2, -0.3, 0.4];
    const layer = withKernel(new QuantConv2D({ filters: 1, kernelSize: 1, kernelEstimator: new ScaledSte({ k }) }), [1, 1, 1, 4], W);
    const x = tf.tensor4d(G, [1, 1, 1, 4]);
    const kernel = layer.trainableWeights[0].read() as tf.Variable;
    const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, [kernel]);
    const got = Array.from(grads[kernel.name].dataSync());
    // dL/dW_i = α·γ(W_i)·G_i + sign(W_i)/N · Σ_j G_j·Wb_j  (docs/method.md §4.2)
    const N = W.length;
    const alpha = W.reduce((s, w) => s + Math.abs(w), 0) / N;
    const wb = W.map((w) => (w >= 0 ? 1 : -1));
    const gamma = W.map((w) => (Math.abs(w) <= 1 ? k : 0));
    const sumGWb = G.reduce((s, g, j) => s + g * wb[j], 0);
    const want = W.map((w, i) => alpha * gamma[i] * G[i] + (Math.sign(w) / N) * sumGWb);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 6));
    tf.dispose(grads);
  });

  it('scales per output channel with channel-mean, and not at all with none', () => {
    const est = new ScaledSte({ k: 1 });
    const kernel = [0.5, -2, -0.5, 4]; // [1,1,2,2] HWIO: out channel 0 = [0.5, -0.5], out 1 = [-2, 4]
    const x = tf.tensor4d([1, 1], [1, 1, 1, 2]);
    const channel = withKernel(new QuantConv2D({ filters: 2, kernelSize: 1, kernelEstimator: est, kernelScale: 'channel-mean' }), [1, 1, 1, 2], kernel);
    expect(Array.from((channel.apply(x) as tf.Tensor).dataSync())).toEqual([0.5 * (1 - 1), 3 * (-1 + 1)]);
    const none = withKernel(new QuantConv2D({ filters: 2, kernelSize: 1, kernelEstimator: est, kernelScale: 'none' }), [1, 1, 1, 2], kernel);
    expect(Array.from((none.apply(tf.tensor4d([1, 2], [1, 1, 1, 2])) as tf.Tensor).dataSync())).toEqual([1 - 2, -1 + 2]);
  });

  it('is full precision when both estimators are null', () => {
    const layer = withKernel(new QuantConv2D({ filters: 1, kernelSize: 1 }), [1, 1, 1, 2], [0.3, -0.7]);
    expect((layer.apply(tf.tensor4d([2, 1], [1, 1, 1, 2])) as tf.Tensor).dataSync()[0]).toBeCloseTo(0.6 - 0.7, 6);
    expect(layer.kernelBits).toBe(32);
    expect(layer.inputBits).toBe(32);
  });

  it('rejects bad arguments with the value and the rule', () => {
    expect(() => new QuantConv2D({ filters: 0, kernelSize: 3 })).toThrow(/filters = 0 must be a positive integer/);
    expect(() => new QuantConv2D({ filters: 1, kernelSize: 3, padding: -1 })).toThrow(/padding = -1 must be an integer >= 0/);
    expect(() => new QuantConv2D({ filters: 1, kernelSize: 3, kernelScale: 'mean' as never })).toThrow(/kernelScale = "mean" is not one of layer-mean, channel-mean, none/);
  });
});

describe('QuantDense', () => {
  it('binarises kernel and input and contracts the last axis of rank-3 inputs', () => {
    const est = new ScaledSte({ k: 1 });
    const layer = withKernel(new QuantDense({ units: 1, useBias: false, kernelEstimator: est, inputEstimator: est }), [1, 2, 2], [0.25, -0.75]);
    const y = layer.apply(tf.tensor3d([0.2, 0.4, -1, 3], [1, 2, 2])) as tf.Tensor;
    // α = 0.5, kb = [1, -1]; token 0: xb [1, 1] → 0; token 1: xb [-1, 1] → -2 · 0.5 = -1.
    expect(y.shape).toEqual([1, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual([0, -1]);
  });
});

function tinyModel(est: ScaledSte): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 2] });
  // Seeded kernels: the training test below must take the same steps on every run.
  const kernelInitializer = (seed: number) => tfl.initializers.glorotUniform({ seed });
  let x = new QuantConv2D({ filters: 3, kernelSize: 3, padding: 1, kernelEstimator: est, inputEstimator: est, kernelInitializer: kernelInitializer(11) }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  x = new QuantDense({ units: 4, kernelEstimator: est, inputEstimator: est, kernelScale: 'channel-mean', kernelInitializer: kernelInitializer(12) }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

describe('serialisation', () => {
  it('save → load reproduces outputs and estimator hyper-parameters', async () => {
    const model = tinyModel(new ScaledSte({ k: 2.5 }));
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 7);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from(before));
    const sites = collectEstimators(loaded);
    expect(sites.map((s) => `${s.role}:${s.estimator.id}:${s.estimator.hyper.k}`)).toEqual([
      'kernel:test-scaled-ste:2.5',
      'input:test-scaled-ste:2.5',
      'kernel:test-scaled-ste:2.5',
      'input:test-scaled-ste:2.5',
    ]);
    expect((loaded.layers[4] as QuantDense).kernelScale).toBe('channel-mean');
  });

  it('lists shared estimator instances once', () => {
    const est = new ScaledSte({ k: 1 });
    expect(uniqueEstimators(tinyModel(est))).toEqual([est]);
  });
});

describe('training', () => {
  it('leaves tf.memory().numTensors unchanged over 10 training steps', () => {
    const model = tinyModel(new ScaledSte({ k: 1 }));
    const optimizer = tf.train.momentum(0.05, 0.9);
    const x = tf.randomNormal([4, 6, 6, 2], 0, 1, 'float32', 1);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4);
    const step = () => {
      const { value, grads } = tf.variableGrads(() =>
        tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      );
      optimizer.applyGradients(grads as tf.NamedTensorMap as never);
      const loss = value.dataSync()[0];
      value.dispose();
      tf.dispose(grads);
      return loss;
    };
    const first = step(); // creates optimiser slots once
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 10; i++) last = step();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first);
  });
});
