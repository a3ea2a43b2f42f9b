import { describe, expect, it } from 'vitest';
import { backbones, resnet18, resnet18Cifar, resnet20, resnet20BiReal, resnet34 } from '../src/index.js';

describe('plugins', () => {
  it('lists the five ResNets with their CLI ids, input shapes and recipes', () => {
    expect(backbones.map((b) => [b.id, b.defaultInputShape, b.recipe, b.create])).toEqual([
      ['resnet20', [32, 32, 3], 'cifar', resnet20],
      ['resnet20-bireal', [32, 32, 3], 'cifar', resnet20BiReal],
      ['resnet18-cifar', [32, 32, 3], 'cifar', resnet18Cifar],
      ['resnet18', [224, 224, 3], 'imagenet', resnet18],
      ['resnet34', [224, 224, 3], 'imagenet', resnet34],
    ]);
    expect(backbones.every((b) => b.description.length > 0)).toBe(true);
  });
});
