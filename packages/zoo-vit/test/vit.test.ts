import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackboneModel, collectEstimators, isQuantizedLayer, type QuantizedLayer } from '@signflow/core';
import type { LayersModel, layers } from '@tensorflow/tfjs-layers';
import { backbones, describeBackbone, vitTiny, type VitOptions } from '../src/index.js';
import { saveAndLoad, sgdSteps, testSign } from '@signflow/core/testing';

const quantizedLayers = (model: LayersModel): (layers.Layer & QuantizedLayer)[] =>
  model.layers.filter((l): l is layers.Layer & QuantizedLayer => isQuantizedLayer(l));

/** A small ViT for 8×8×3 inputs: four 4×4 patches, dimension 16, two blocks of two heads. */
const small: VitOptions = { inputShape: [8, 8, 3], patchSize: 4, embedDim: 16, depth: 2, numHeads: 2, mlpRatio: 2, numClasses: 3, seed: 4 };

describe('vitTiny', () => {
  it('has the standard ViT-tiny count at patch 16, 224×224×3, 1000 classes: 5,717,416', () => {
    // patch embedding 16·16·3·192 + 192; class token 192; positions 197·192;
    // per block 2 LayerNorms 4·192, q/k/v/proj 4·(192² + 192), MLP 192·768 + 768 + 768·192 + 192;
    // final LayerNorm 2·192; head 192·1000 + 1000.
    const block = 4 * 192 + 4 * (192 * 192 + 192) + (192 * 768 + 768) + (768 * 192 + 192);
    const expected = 16 * 16 * 3 * 192 + 192 + 192 + 197 * 192 + 12 * block + 2 * 192 + 192 * 1000 + 1000;
    expect(expected).toBe(5_717_416);
    const model = vitTiny({ weightEstimator: testSign(), seed: 1 });
    const description = describeBackbone(model);
    expect(model.countParams()).toBe(5_717_416);
    expect(description.quantizedLayers).toBe(72);
    expect(description.quantizedParams).toBe(12 * (4 * 192 * 192 + 2 * 192 * 768));
    model.dispose();
  });

  it('binarises exactly q, k, v, the output projection and both MLP layers; patch embedding and head stay FP', () => {
    const weights = testSign();
    const activations = testSign();
    const model = vitTiny({ ...small, weightEstimator: weights, activationEstimator: activations });
    const names = quantizedLayers(model).map((l) => l.name);
    expect(names).toEqual(['b1_q', 'b1_k', 'b1_v', 'b1_proj', 'b1_fc1', 'b1_fc2', 'b2_q', 'b2_k', 'b2_v', 'b2_proj', 'b2_fc1', 'b2_fc2']);
    expect(quantizedLayers(model).every((l) => l.kernelEstimator === weights && l.inputEstimator === activations)).toBe(true);
    expect(model.getLayer('patch_embed').getClassName()).toBe('Conv2D');
    expect(model.getLayer('head').getClassName()).toBe('Dense');
    expect(model.layers.filter((l) => l.getClassName() === 'signflow>LayerNorm').map((l) => l.getConfig()['epsilon'])).toEqual(Array(5).fill(1e-6));
    model.dispose();
  });

  it('1W/32A (the appendix setting) and full precision come from the same factory', () => {
    const oneBit = vitTiny({ ...small, weightEstimator: testSign() });
    expect(collectEstimators(oneBit).map((s) => s.role)).toEqual(Array(12).fill('kernel'));
    oneBit.dispose();
    const full = vitTiny(small);
    expect(collectEstimators(full)).toHaveLength(0);
    full.dispose();
  });

  it('works on 28×28×1 (patch 7) and 32×32×3 (patch 4, and the default 16)', () => {
    for (const [inputShape, patchSize, tokens] of [
      [[28, 28, 1], 7, 17],
      [[32, 32, 3], 4, 65],
      [[32, 32, 3], undefined, 5],
    ] as [[number, number, number], number | undefined, number][]) {
      const model = vitTiny({ ...small, inputShape, patchSize, numClasses: 10 });
      expect(model.getLayer('class_token').outputShape).toEqual([null, tokens, 16]);
      const y = tf.tidy(() => model.predict(tf.ones([2, ...inputShape])) as tf.Tensor);
      expect(y.shape).toEqual([2, 10]);
      y.dispose();
      model.dispose();
    }
  });

  it('rejects shapes that do not fit, naming the option', () => {
    expect(() => vitTiny({ ...small, inputShape: [28, 28, 1], patchSize: 5 })).toThrow(/patchSize = 5 must divide.*\[28,28,1\]/);
    expect(() => vitTiny({ ...small, numHeads: 3 })).toThrow(/numHeads = 3 must divide embedDim = 16/);
    expect(() => vitTiny({ ...small, depth: 0 })).toThrow(/depth = 0 must be a positive integer/);
    expect(() => vitTiny({ ...small, mlpRatio: -1 })).toThrow(/mlpRatio = -1/);
  });

  it('the same seed gives the same weights', () => {
    const bytes = (m: LayersModel): Buffer[] => m.weights.map((w) => Buffer.from((w.read().dataSync() as Float32Array).buffer));
    const [a, b, c] = [4, 4, 5].map((seed) => vitTiny({ ...small, seed }));
    const [left, right, other] = [a, b, c].map(bytes);
    expect(left.every((buffer, i) => buffer.equals(right[i]))).toBe(true);
    expect(left.some((buffer, i) => !buffer.equals(other[i]))).toBe(true);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('saves and loads 1W/1A with its estimators and outputs', async () => {
    const model = vitTiny({ ...small, weightEstimator: testSign(), activationEstimator: testSign() });
    const loaded = await saveAndLoad(model);
    expect(loaded).toBeInstanceOf(BackboneModel);
    expect(collectEstimators(loaded).map((s) => s.estimator.id)).toEqual(Array(24).fill('test-sign'));
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 5);
    const [expected, actual] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(actual.arraySync()).toEqual(expected.arraySync());
    tf.dispose([x, expected, actual]);
    model.dispose();
    loaded.dispose();
  });

  it('is listed as vit-tiny with the ViT recipe', () => {
    expect(backbones.map((b) => [b.id, b.defaultInputShape, b.recipe, b.create])).toEqual([['vit-tiny', [224, 224, 3], 'vit', vitTiny]]);
  });
});

describe('small ViT: SGD on one random batch', () => {
  it('32W/32A: one step lowers the loss and leaks no tensor', () => {
    const model = vitTiny(small);
    const report = sgdSteps(model, { batch: 4, learningRate: 0.05 });
    model.dispose();
    expect(report.leaked).toBe(0);
    expect(report.after).toBeLessThan(report.before);
  });

  it('1W/32A: one step lowers the loss and leaks no tensor', () => {
    const model = vitTiny({ ...small, weightEstimator: testSign() });
    const report = sgdSteps(model, { batch: 4, learningRate: 0.05 });
    model.dispose();
    expect(report.leaked).toBe(0);
    expect(report.after).toBeLessThan(report.before);
  });

  // With binary activations one step can move the loss either way (sign flips near 0); steady
  // progress on the batch over a few dozen steps is the meaningful check.
  it('1W/1A: thirty steps cut the batch loss by a quarter and leak no tensor', () => {
    const model = vitTiny({ ...small, weightEstimator: testSign(), activationEstimator: testSign() });
    const report = sgdSteps(model, { batch: 4, learningRate: 0.05, steps: 30 });
    model.dispose();
    expect(report.leaked).toBe(0);
    expect(report.after).toBeLessThan(0.75 * report.before);
  });
});
