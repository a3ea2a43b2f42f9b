export { resnet18, resnet18Cifar, resnet20, resnet20BiReal, resnet34 } from './models.js';
export { backbones } from './plugins.js';
export { OptionAShortcut, type OptionAShortcutArgs } from './layers/option-a-shortcut.js';
export { PaddedMaxPool2D, type PaddedMaxPool2DArgs } from './layers/padded-max-pool.js';
export { describeBackbone, type BackboneDescription, type LayerDescription } from '@signflow/core';
