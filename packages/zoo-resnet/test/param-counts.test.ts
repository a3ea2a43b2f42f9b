import { describe, expect, it } from 'vitest';
import type { BackboneOptions } from '@signflow/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeBackbone, resnet18, resnet18Cifar, resnet20, resnet20BiReal, resnet34 } from '../src/index.js';
import { testSign } from '@signflow/core/testing';

// docs/method.md §6 and §10.9: trainable parameters (BN γ/β included, running statistics excluded), the
// number of binary convolutions and of binary weights, at the default sizes.
const expected: [string, (o?: BackboneOptions) => LayersModel, number, number, number][] = [
  ['resnet20', resnet20, 269_850, 18, 267_264],
  ['resnet20BiReal', resnet20BiReal, 269_850, 18, 267_264],
  ['resnet18Cifar', resnet18Cifar, 11_174_986, 16, 10_985_472],
  ['resnet18', resnet18, 11_690_536, 16, 10_985_472],
  ['resnet34', resnet34, 21_798_696, 32, 21_086_208],
];

describe('parameter counts at the default sizes (docs/method.md §10.9)', () => {
  for (const [name, factory, params, binaryLayers, binaryWeights] of expected) {
    it(`${name}: ${params} parameters, ${binaryLayers} binary convs holding ${binaryWeights} weights`, () => {
      const model = factory({ weightEstimator: testSign(), activationEstimator: testSign(), seed: 1 });
      const description = describeBackbone(model);
      expect(model.countParams()).toBe(params);
      expect(description.totalParams).toBe(params);
      expect(description.quantizedLayers).toBe(binaryLayers);
      expect(description.quantizedParams).toBe(binaryWeights);
      expect(description.fullPrecisionParams).toBe(params - binaryWeights);
      model.dispose();
    });
  }

  it('the full-precision 1×1 shortcut convs of CIFAR ResNet-18 hold 172,032 weights (docs/method.md §6.4)', () => {
    const model = resnet18Cifar({ seed: 1 });
    const shortcutWeights = describeBackbone(model)
      .layers.filter((layer) => layer.className === 'Conv2D' && layer.name.includes('_down'))
      .reduce((sum, layer) => sum + layer.params, 0);
    model.dispose();
    expect(shortcutWeights).toBe(172_032);
  });
});
