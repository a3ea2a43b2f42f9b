import { type BackbonePlugin } from '@signflow/core';
import { resnet18, resnet18Cifar, resnet20, resnet20BiReal, resnet34 } from './models.js';

/** The backbones of this package, for `registerPlugins` from `@signflow/core`. */
export const backbones: BackbonePlugin[] = [
  {
    id: 'resnet20',
    description: 'ResNet-20 for CIFAR (binary 3×3 convs, option-A shortcuts, FP stem and classifier); 269,850 parameters',
    defaultInputShape: [32, 32, 3],
    recipe: 'cifar',
    optionKeys: [],
    create: resnet20,
  },
  {
    id: 'resnet20-bireal',
    description: 'ResNet-20 with a Bi-Real shortcut around each binary conv, for CIFAR; 269,850 parameters',
    defaultInputShape: [32, 32, 3],
    recipe: 'cifar',
    optionKeys: [],
    create: resnet20BiReal,
  },
  {
    id: 'resnet18-cifar',
    description: 'ResNet-18 for CIFAR (no stem max-pool, FP 1×1 projection shortcuts); 11,174,986 parameters',
    defaultInputShape: [32, 32, 3],
    recipe: 'cifar',
    optionKeys: [],
    create: resnet18Cifar,
  },
  {
    id: 'resnet18',
    description: 'ResNet-18 for ImageNet with Bi-Real blocks and FP 1×1 downsampling; 11,690,536 parameters',
    defaultInputShape: [224, 224, 3],
    recipe: 'imagenet',
    optionKeys: [],
    create: resnet18,
  },
  {
    id: 'resnet34',
    description: 'ResNet-34 for ImageNet with Bi-Real blocks and FP 1×1 downsampling; 21,798,696 parameters',
    defaultInputShape: [224, 224, 3],
    recipe: 'imagenet',
    optionKeys: [],
    create: resnet34,
  },
];
