import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseEstimator, binarySign, isQuantizedLayer, registerEstimator, resolveConfig, unregisterEstimator, type EstimatorPlugin } from '@signflow/core';
import { backbones, lenet, mlp } from '../src/index.js';

/** A test-only sign estimator with a clipped-identity gradient. */
class TestSign extends BaseEstimator {
  constructor() {
    super('test-sign', 1, {}, {});
  }
  forward(x: tf.Tensor): tf.Tensor {
    return binarySign(x);
  }
  pseudoGrad(x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(x), 1), 'float32')));
  }
}
const testPlugin: EstimatorPlugin = { id: 'test-sign', create: (config) => (resolveConfig('test-sign', {}, config), new TestSign()) };

beforeAll(() => registerEstimator(testPlugin));
afterAll(() => unregisterEstimator(testPlugin.id));

const binary = () => ({ weightEstimator: new TestSign(), activationEstimator: new TestSign() });

function quantized(model: tfl.LayersModel): { kernel: string[]; input: string[] } {
  const layers = model.layers.filter(isQuantizedLayer) as unknown as { name: string; kernelEstimator: unknown; inputEstimator: unknown }[];
  return { kernel: layers.filter((l) => l.kernelEstimator !== null).map((l) => l.name), input: layers.filter((l) => l.inputEstimator !== null).map((l) => l.name) };
}

describe('mlp', () => {
  it('has the hand-counted parameters and binarises exactly the hidden layers after the first', () => {
    const model = mlp(binary());
    // fc1 784·256 (no bias) + bn1 2·256 + fc2, fc3 256·256 + bn2, bn3 2·256 + classifier 256·10 + 10
    expect(model.countParams()).toBe(784 * 256 + 3 * 512 + 2 * 256 * 256 + 2570);
    expect(quantized(model)).toEqual({ kernel: ['fc2', 'fc3'], input: ['fc2', 'fc3'] });
    expect((model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor).shape).toEqual([2, 10]);
    expect(quantized(mlp({ weightEstimator: new TestSign() }))).toEqual({ kernel: ['fc2', 'fc3'], input: [] });
    expect(quantized(mlp())).toEqual({ kernel: [], input: [] });
    expect(() => mlp({ hidden: [] })).toThrow(/hidden = \[\] must be a non-empty list/);
  });
});

describe('lenet', () => {
  it('binarises the two inner convolutions and keeps stem and classifier full precision', () => {
    const model = lenet({ ...binary(), inputShape: [32, 32, 3] });
    // conv1 3·3·3·32 + bn 64 + conv2 3·3·32·64 + bn 128 + conv3 3·3·64·64 + bn 128 + classifier 8·8·64·10 + 10
    expect(model.countParams()).toBe(864 + 64 + 18432 + 128 + 36864 + 128 + 40970);
    expect(quantized(model)).toEqual({ kernel: ['conv2', 'conv3'], input: ['conv2', 'conv3'] });
    expect((model.predict(tf.zeros([1, 32, 32, 3])) as tf.Tensor).shape).toEqual([1, 10]);
  });
});

describe('training and serialisation', () => {
  it.each([
    ['mlp', () => mlp({ ...binary(), seed: 3, hidden: [32, 32] })],
    ['lenet', () => lenet({ ...binary(), seed: 3, inputShape: [8, 8, 1] })],
  ])('%s: one SGD step lowers the batch loss, with no tensor leak', (_name, build) => {
    const model = build();
    const x = tf.randomNormal([8, ...(model.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
    const optimizer = tf.train.sgd(0.05);
    const before = tf.memory().numTensors;
    const first = optimizer.minimize(loss, true) as tf.Scalar;
    const firstValue = first.dataSync()[0];
    first.dispose();
    const after = tf.tidy(() => loss().dataSync()[0]);
    expect(after).toBeLessThan(firstValue);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds identical weights from the same seed and different ones from another', () => {
    const weights = (seed: number) => mlp({ seed, hidden: [16, 16] }).getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(1)).toEqual(weights(1));
    expect(weights(1)).not.toEqual(weights(2));
  });

  it('saves and loads with its estimators, reproducing the outputs', async () => {
    const model = mlp({ ...binary(), hidden: [16, 16], seed: 1 });
    const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 2);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    expect(quantized(loaded).kernel).toEqual(['fc2']);
  });

  it('rejects bad options with errors that name the backbone and the value', () => {
    expect(() => mlp({ numClasses: 0 })).toThrow(/mlp: numClasses = 0 must be a positive integer/);
    expect(() => lenet({ inputShape: [2, 2, 1] })).toThrow(/lenet: inputShape = \[2,2,1\] is too small.*4×4/);
    expect(() => lenet({ seed: 0.5 })).toThrow(/lenet: seed = 0.5/);
  });

  it('lists both backbones with the small recipe', () => {
    expect(backbones.map((b) => b.id)).toEqual(['mlp', 'lenet']);
    expect(backbones.every((b) => b.recipe === 'small')).toBe(true);
  });
});
