import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { collectEstimators, isQuantizedLayer, type BackboneOptions, type QuantizedLayer } from '@signflow/core';
import type { LayersModel, layers } from '@tensorflow/tfjs-layers';
import { resnet18, resnet18Cifar, resnet20, resnet20BiReal, resnet34 } from '../src/index.js';
import { testSign } from '@signflow/core/testing';

interface Expected {
  /** Binary 3×3 convolutions (docs/method.md §6). */
  readonly binaryConvs: number;
  /** Full-precision convolutions: the stem and the 1×1 projection shortcuts. */
  readonly fpConvs: number;
  /** BatchNorm layers: stem, one per binary conv, one per projection, the BatchNorm1d of the head. */
  readonly batchNorms: number;
  /** Residual additions. */
  readonly adds: number;
  /** Option-A shortcuts. */
  readonly optionA: number;
}

const models: [string, (o?: BackboneOptions) => LayersModel, Expected][] = [
  ['resnet20', resnet20, { binaryConvs: 18, fpConvs: 1, batchNorms: 20, adds: 9, optionA: 2 }],
  ['resnet20BiReal', resnet20BiReal, { binaryConvs: 18, fpConvs: 1, batchNorms: 20, adds: 18, optionA: 2 }],
  ['resnet18Cifar', resnet18Cifar, { binaryConvs: 16, fpConvs: 4, batchNorms: 21, adds: 8, optionA: 0 }],
  ['resnet18', resnet18, { binaryConvs: 16, fpConvs: 4, batchNorms: 21, adds: 16, optionA: 0 }],
  ['resnet34', resnet34, { binaryConvs: 32, fpConvs: 4, batchNorms: 37, adds: 32, optionA: 0 }],
];

const quantizedLayers = (model: LayersModel): (layers.Layer & QuantizedLayer)[] =>
  model.layers.filter((l): l is layers.Layer & QuantizedLayer => isQuantizedLayer(l));

const count = (model: LayersModel, className: string): number => model.layers.filter((l) => l.getClassName() === className).length;

describe('which layers are binarised', () => {
  for (const [name, factory, expected] of models) {
    it(`${name} 1W/1A: exactly the binary convs quantise weights and inputs; stem, shortcuts and classifier stay FP`, () => {
      const weights = testSign();
      const activations = testSign();
      const model = factory({ inputShape: [32, 32, 3], weightEstimator: weights, activationEstimator: activations });
      const quantized = quantizedLayers(model);
      expect(quantized.map((l) => l.getClassName())).toEqual(Array(expected.binaryConvs).fill('signflow>QuantConv2D'));
      expect(quantized.every((l) => l.kernelEstimator === weights && l.inputEstimator === activations)).toBe(true);
      expect(quantized.every((l) => l.kernelScale === 'layer-mean')).toBe(true);
      expect(count(model, 'Conv2D')).toBe(expected.fpConvs);
      expect(count(model, 'Dense')).toBe(1);
      expect(count(model, 'signflow>BatchNorm')).toBe(expected.batchNorms);
      expect(count(model, 'Add')).toBe(expected.adds);
      expect(count(model, 'signflow>OptionAShortcut')).toBe(expected.optionA);
      expect(model.layers.filter((l) => l.getClassName() === 'signflow>BatchNorm').every((l) => {
        const config = l.getConfig();
        return config['momentum'] === 0.9 && config['epsilon'] === 1e-5;
      })).toBe(true);
      model.dispose();
    });

    it(`${name} 1W/32A and 32W/32A come from the same factory`, () => {
      const oneBit = factory({ inputShape: [32, 32, 3], weightEstimator: testSign(), activationEstimator: null });
      const sites = collectEstimators(oneBit);
      expect(sites.filter((s) => s.role === 'kernel')).toHaveLength(expected.binaryConvs);
      expect(sites.filter((s) => s.role === 'input')).toHaveLength(0);
      oneBit.dispose();
      const full = factory({ inputShape: [32, 32, 3] });
      expect(collectEstimators(full)).toHaveLength(0);
      expect(quantizedLayers(full)).toHaveLength(expected.binaryConvs);
      full.dispose();
    });
  }
});

describe('output shapes', () => {
  const inputs: [number, number, number][] = [
    [28, 28, 1],
    [32, 32, 3],
  ];
  for (const [name, factory] of models) {
    for (const inputShape of inputs) {
      it(`${name} on ${inputShape.join('×')} gives [batch, numClasses] logits`, () => {
        const model = factory({ inputShape, numClasses: 7, seed: 1 });
        const y = tf.tidy(() => model.predict(tf.ones([1, ...inputShape])) as tf.Tensor);
        expect(y.shape).toEqual([1, 7]);
        expect(model.outputs[0].shape).toEqual([null, 7]);
        tf.dispose(y);
        model.dispose();
      });
    }
  }

  it('defaults: CIFAR models take 32×32×3 and give 10 classes, ImageNet models 224×224×3 and 1000', () => {
    for (const [factory, input, classes] of [
      [resnet20, [null, 32, 32, 3], 10],
      [resnet18, [null, 224, 224, 3], 1000],
    ] as const) {
      const model = factory();
      expect(model.inputs[0].shape).toEqual(input);
      expect(model.outputs[0].shape).toEqual([null, classes]);
      model.dispose();
    }
  });

  it('ResNet-20 stages end at 32, 16 and 8 pixels with 16, 32 and 64 channels', () => {
    const model = resnet20();
    const shapeOf = (name: string): (number | null)[] => model.getLayer(name).outputShape as (number | null)[];
    expect(shapeOf('s1b3_add')).toEqual([null, 32, 32, 16]);
    expect(shapeOf('s2b3_add')).toEqual([null, 16, 16, 32]);
    expect(shapeOf('s3b3_add')).toEqual([null, 8, 8, 64]);
    model.dispose();
  });

  it('the ImageNet stem takes 224 to 56 pixels: 7×7/2 conv, then 3×3/2 max-pool', () => {
    const model = resnet18();
    expect(model.getLayer('stem_conv').outputShape).toEqual([null, 112, 112, 64]);
    expect(model.getLayer('stem_pool').outputShape).toEqual([null, 56, 56, 64]);
    expect(model.getLayer('s4b2_add2').outputShape).toEqual([null, 7, 7, 512]);
    model.dispose();
  });
});

describe('options', () => {
  it('rejects bad values with errors that name them', () => {
    expect(() => resnet20({ numClasses: 0 })).toThrow(/numClasses = 0 must be a positive integer/);
    expect(() => resnet20({ inputShape: [32, 32] as unknown as [number, number, number] })).toThrow(/inputShape = \[32,32\]/);
    expect(() => resnet20({ seed: 1.5 })).toThrow(/seed = 1.5/);
    expect(() => resnet20({ weightEstimator: 'reste' as never })).toThrow(/weightEstimator must be an Estimator.*"reste"/);
  });
});
