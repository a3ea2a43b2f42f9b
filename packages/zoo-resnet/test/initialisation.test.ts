import { describe, expect, it } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { resnet18Cifar, resnet20 } from '../src/index.js';

function weightsOf(model: LayersModel, name: string): Float32Array {
  const weight = model.weights.find((w) => w.originalName === name);
  if (weight === undefined) throw new Error(`no weight ${name}`);
  return weight.read().dataSync() as Float32Array;
}

function stats(values: Float32Array): { std: number; maxAbs: number; mean: number } {
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(squares / values.length - mean * mean), maxAbs };
}

describe('initialisation (docs/method.md §6.9)', () => {
  it('ResNet-20 convs: Kaiming normal, fan-in, untruncated (tfjs heNormal would cut at 2σ)', () => {
    const model = resnet20({ seed: 1 });
    const sigma = Math.sqrt(2 / (3 * 3 * 64));
    const { std, maxAbs, mean } = stats(weightsOf(model, 's3b2_unit1_conv/kernel')); // 36,864 draws
    expect(Math.abs(mean)).toBeLessThan(0.03 * sigma); // about 6 standard errors
    expect(std / sigma).toBeGreaterThan(0.98);
    expect(std / sigma).toBeLessThan(1.02);
    expect(maxAbs / sigma).toBeGreaterThan(3);
    const fc = stats(weightsOf(model, 'fc/kernel'));
    expect(fc.maxAbs).toBeGreaterThan(0);
    const bias = stats(weightsOf(model, 'fc/bias'));
    expect(bias.maxAbs).toBeLessThanOrEqual(1 / Math.sqrt(64));
    expect(bias.maxAbs).toBeGreaterThan(0);
    model.dispose();
  });

  it('CIFAR ResNet-18: PyTorch defaults, U(±1/√fan_in) for convs, shortcuts and the Linear', () => {
    const model = resnet18Cifar({ seed: 1 });
    for (const [name, fanIn] of [
      ['s4b2_unit2_conv/kernel', 9 * 512],
      ['s2b1_down_conv/kernel', 64],
      ['fc/kernel', 512],
      ['fc/bias', 512],
    ] as const) {
      const bound = 1 / Math.sqrt(fanIn);
      const { std, maxAbs } = stats(weightsOf(model, name));
      expect(maxAbs).toBeLessThanOrEqual(bound);
      if (name !== 'fc/bias') expect(Math.abs(std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.05);
    }
    model.dispose();
  });

  it('BatchNorm starts at γ = 1, β = 0, running mean 0 and running variance 1', () => {
    const model = resnet20({ seed: 1 });
    const values = ['stem_bn/gamma', 'stem_bn/beta', 'stem_bn/moving_mean', 'stem_bn/moving_variance'].map((n) => [
      ...new Set(weightsOf(model, n)),
    ]);
    expect(values).toEqual([[1], [0], [0], [1]]);
    model.dispose();
  });

  it('the same seed gives identical weights; another seed, and each layer, draw differently', () => {
    const read = (model: LayersModel): Float32Array[] => model.weights.map((w) => w.read().dataSync() as Float32Array);
    const a = resnet20({ seed: 42 });
    const b = resnet20({ seed: 42 });
    const c = resnet20({ seed: 43 });
    expect(read(a)).toEqual(read(b));
    expect(weightsOf(a, 'stem_conv/kernel')).not.toEqual(weightsOf(c, 'stem_conv/kernel'));
    expect(weightsOf(a, 's1b1_unit1_conv/kernel')).not.toEqual(weightsOf(a, 's1b1_unit2_conv/kernel'));
    [a, b, c].forEach((m) => m.dispose());
  });
});
