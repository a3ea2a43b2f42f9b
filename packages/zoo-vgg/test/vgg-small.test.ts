import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackboneModel, collectEstimators, isQuantizedLayer, type QuantizedLayer } from '@signflow/core';
import { model as functionalModel, type LayersModel, type layers } from '@tensorflow/tfjs-layers';
import { backbones, describeBackbone, vggSmall } from '../src/index.js';
import { saveAndLoad, testSign } from '@signflow/core/testing';

const quantizedLayers = (model: LayersModel): (layers.Layer & QuantizedLayer)[] =>
  model.layers.filter((l): l is layers.Layer & QuantizedLayer => isQuantizedLayer(l));
const classes = (model: LayersModel): string[] => model.layers.map((l) => l.getClassName());

describe('vggSmall', () => {
  it('has 4,660,106 parameters, 5 binary convs and 4,571,136 binary weights at 32×32×3 (docs/method.md §6.6, §10.9)', () => {
    const model = vggSmall({ weightEstimator: testSign(), activationEstimator: testSign(), seed: 1 });
    const description = describeBackbone(model);
    expect(model.countParams()).toBe(4_660_106);
    expect(description.quantizedLayers).toBe(5);
    expect(description.quantizedParams).toBe(4_571_136);
    expect(model.getLayer('flatten').outputShape).toEqual([null, 8192]);
    model.dispose();
  });

  it('1W/1A binarises exactly the five inner convs; conv0 and the classifier stay FP; no BatchNorm1d', () => {
    const weights = testSign();
    const activations = testSign();
    const model = vggSmall({ weightEstimator: weights, activationEstimator: activations });
    const quantized = quantizedLayers(model);
    expect(quantized.map((l) => l.name)).toEqual(['conv1_conv', 'conv2_conv', 'conv3_conv', 'conv4_conv', 'conv5_conv']);
    expect(quantized.every((l) => l.kernelEstimator === weights && l.inputEstimator === activations)).toBe(true);
    expect(model.getLayer('conv0_conv').getClassName()).toBe('Conv2D');
    expect(model.getLayer('fc').getClassName()).toBe('Dense');
    const all = classes(model);
    expect(all.filter((c) => c === 'signflow>BatchNorm')).toHaveLength(6);
    expect(all.filter((c) => c === 'MaxPooling2D')).toHaveLength(3);
    // The layer feeding the classifier is the flatten, not a BatchNorm1d.
    expect(all.slice(-3)).toEqual(['Permute', 'Flatten', 'Dense']);
    model.dispose();
  });

  it('1W/32A and 32W/32A come from the same factory', () => {
    const oneBit = vggSmall({ weightEstimator: testSign(), activationEstimator: null });
    expect(collectEstimators(oneBit).map((s) => s.role)).toEqual(Array(5).fill('kernel'));
    oneBit.dispose();
    const full = vggSmall();
    expect(collectEstimators(full)).toHaveLength(0);
    full.dispose();
  });

  it('works on 28×28×1 and 32×32×3 with any number of classes, and refuses inputs below 8×8', () => {
    for (const inputShape of [
      [28, 28, 1],
      [32, 32, 3],
    ] as [number, number, number][]) {
      const model = vggSmall({ inputShape, numClasses: 7 });
      const y = tf.tidy(() => model.predict(tf.ones([1, ...inputShape])) as tf.Tensor);
      expect(y.shape).toEqual([1, 7]);
      y.dispose();
      model.dispose();
    }
    expect(() => vggSmall({ inputShape: [6, 6, 3] })).toThrow(/inputShape = \[6,6,3\] is too small.*8×8/);
  });

  it('scales every convolution by widthMultiplier, for small budgets', () => {
    const model = vggSmall({ widthMultiplier: 0.25 });
    // a quarter of 128/128/256/256/512/512 channels; 3×3 kernels, BN γ and β, then 128·4·4 → 10
    const convs = [3 * 32, 32 * 32, 32 * 64, 64 * 64, 64 * 128, 128 * 128].reduce((s, c) => s + 9 * c, 0);
    const bns = 2 * (32 + 32 + 64 + 64 + 128 + 128);
    expect(model.countParams()).toBe(convs + bns + 128 * 4 * 4 * 10 + 10);
    expect(() => vggSmall({ widthMultiplier: 0 })).toThrow(/widthMultiplier = 0 must be in \(0, 1\]/);
    model.dispose();
  });

  it('flattens in PyTorch C·H·W order', () => {
    const model = vggSmall({ inputShape: [16, 16, 3], seed: 1 });
    const probe = functionalModel({ inputs: model.inputs, outputs: [model.getLayer('conv5_pool').output, model.getLayer('flatten').output] as never });
    const x = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 4);
    const [pooled, flat] = probe.predict(x) as tf.Tensor[];
    const channelsFirst = tf.reshape(tf.transpose(pooled, [0, 3, 1, 2]), [1, -1]);
    expect(flat.arraySync()).toEqual(channelsFirst.arraySync());
    tf.dispose([x, pooled, flat, channelsFirst]);
    model.dispose();
  });

  it('initialises convs with N(0, 2/(9·out)) untruncated, the Linear with N(0, 0.01²) and a zero bias', () => {
    const model = vggSmall({ seed: 1 });
    const values = (name: string): Float32Array => {
      const weight = model.weights.find((w) => w.originalName === name);
      if (weight === undefined) throw new Error(`no weight ${name}`);
      return weight.read().dataSync() as Float32Array;
    };
    const std = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    const maxAbs = (v: Float32Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    const sigma = Math.sqrt(2 / (9 * 512));
    const conv = values('conv5_conv/kernel'); // 2.4 M draws
    expect(Math.abs(std(conv) / sigma - 1)).toBeLessThan(0.01);
    expect(maxAbs(conv) / sigma).toBeGreaterThan(4);
    const fc = values('fc/kernel');
    expect(Math.abs(std(fc) / 0.01 - 1)).toBeLessThan(0.02);
    expect(maxAbs(values('fc/bias'))).toBe(0);
    model.dispose();
  });

  it('the same seed gives the same weights', () => {
    const [a, b] = [vggSmall({ inputShape: [8, 8, 3], seed: 9 }), vggSmall({ inputShape: [8, 8, 3], seed: 9 })];
    const bytes = (m: LayersModel): Buffer[] => m.weights.map((w) => Buffer.from((w.read().dataSync() as Float32Array).buffer));
    const [left, right] = [bytes(a), bytes(b)];
    expect(left.every((buffer, i) => buffer.equals(right[i]))).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('saves and loads 1W/1A with its estimators, running statistics and outputs', async () => {
    const model = vggSmall({ inputShape: [8, 8, 3], numClasses: 3, seed: 2, weightEstimator: testSign(), activationEstimator: testSign() });
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 5);
    tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    const loaded = await saveAndLoad(model);
    expect(loaded).toBeInstanceOf(BackboneModel);
    expect(collectEstimators(loaded).map((s) => s.estimator.id)).toEqual(Array(10).fill('test-sign'));
    const [expected, actual] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(actual.arraySync()).toEqual(expected.arraySync());
    tf.dispose([x, expected, actual]);
    model.dispose();
    loaded.dispose();
  });

  it('is listed as vgg-small with the CIFAR recipe', () => {
    expect(backbones.map((b) => [b.id, b.defaultInputShape, b.recipe, b.create])).toEqual([['vgg-small', [32, 32, 3], 'cifar', vggSmall]]);
  });
});
