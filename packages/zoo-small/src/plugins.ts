import { type BackbonePlugin } from '@signflow/core';
import { lenet } from './lenet.js';
import { mlp } from './mlp.js';

/** The small backbones, as the trainer registers them. */
export const backbones: BackbonePlugin[] = [
  {
    id: 'mlp',
    description: 'binary MLP: FP 784→256, two binary 256→256 layers, FP classifier (28×28 digits in minutes on a CPU)',
    defaultInputShape: [28, 28, 1],
    recipe: 'small',
    optionKeys: ['hidden'],
    create: mlp,
  },
  {
    id: 'lenet',
    description: 'LeNet-style binary CNN: FP 3×3 stem, two binary 3×3 convolutions with max-pooling, FP classifier',
    defaultInputShape: [28, 28, 1],
    recipe: 'small',
    optionKeys: [],
    create: lenet,
  },
];
