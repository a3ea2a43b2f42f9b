import { kaimingNormal, resolveBackboneOptions, torchDefault, type BackboneDefaults, type BackboneOptions } from '@signflow/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildResNet, type ResNetLayout } from './resnet.js';
import type { InitPolicy } from './units.js';

/** The CIFAR ResNet-20s and the ImageNet ResNets: Kaiming normal (fan-in) convs; docs/method.md §6.9. */
const KAIMING_CONVS: Omit<InitPolicy, 'linearKernel'> = {
  conv: (fanIn, _fanOut, seed) => kaimingNormal(fanIn, seed),
  linearBias: torchDefault,
};

/** ResNet-20: Kaiming normal for the Linear weight too, PyTorch's default for its bias (docs/method.md §6.9). */
const RESNET20_INIT: InitPolicy = { ...KAIMING_CONVS, linearKernel: kaimingNormal };

/** ImageNet ResNets: the FC keeps PyTorch's default (docs/method.md §6.9). */
const IMAGENET_INIT: InitPolicy = { ...KAIMING_CONVS, linearKernel: torchDefault };

/** CIFAR ResNet-18 has no explicit initialisation: PyTorch's defaults everywhere (docs/method.md §6.9). */
const TORCH_DEFAULT_INIT: InitPolicy = {
  conv: (fanIn, _fanOut, seed) => torchDefault(fanIn, seed),
  linearKernel: torchDefault,
  linearBias: torchDefault,
};

const CIFAR_DEFAULTS: BackboneDefaults = { numClasses: 10, inputShape: [32, 32, 3] };
const IMAGENET_DEFAULTS: BackboneDefaults = { numClasses: 1000, inputShape: [224, 224, 3] };

const RESNET20_STAGES = { stem: 'cifar', stemChannels: 16, channels: [16, 32, 64], blocks: [3, 3, 3], strides: [1, 2, 2] } as const;
const IMAGENET_STAGES = { stem: 'imagenet', stemChannels: 64, channels: [64, 128, 256, 512], strides: [1, 2, 2, 2] } as const;

/**
 * ResNet-20 for CIFAR-10 (`resnet20_1w1a`, docs/method.md §6.2): a 3×3 full-precision stem (16 channels),
 * three stages of three basic blocks (16/32/64 channels, strides 1/2/2) with binary
 * BConv → ReLU → BN units and parameter-free option-A shortcuts, then global average pool →
 * BatchNorm1d → full-precision Linear. 18 binary convolutions, 269,850 parameters at 32×32×3 and
 * 10 classes. The estimators in `options` decide the precision: both null (the default) gives the
 * full-precision network, a null activation estimator gives 1W/32A.
 */
export function resnet20(options?: BackboneOptions): LayersModel {
  const layout: ResNetLayout = { name: 'resnet20', ...RESNET20_STAGES, block: 'basic', shortcut: 'option-a' };
  return buildResNet(layout, { ...resolveBackboneOptions('resnet20', options, CIFAR_DEFAULTS), init: RESNET20_INIT });
}

/**
 * ResNet-20 Bi-Real for CIFAR-10 (`resnet20_bireal_1w1a`, docs/method.md §6.3): ResNet-20 with a shortcut
 * around each binary unit instead of one per block. Same stem, head, initialisation and count.
 */
export function resnet20BiReal(options?: BackboneOptions): LayersModel {
  const layout: ResNetLayout = { name: 'resnet20-bireal', ...RESNET20_STAGES, block: 'bireal', shortcut: 'option-a' };
  return buildResNet(layout, { ...resolveBackboneOptions('resnet20BiReal', options, CIFAR_DEFAULTS), init: RESNET20_INIT });
}

/**
 * ResNet-18 for CIFAR-10 (`resnet18_1w1a`, docs/method.md §6.4): a 3×3 full-precision stem (64 channels, no
 * max-pool), four stages of two basic blocks (64/128/256/512 channels, strides 1/2/2/2), shortcuts
 * that change shape are full-precision Conv1×1 + BN, then global average pool → BatchNorm1d →
 * Linear. PyTorch's default initialisation. 16 binary convolutions, 11,174,986 parameters.
 */
export function resnet18Cifar(options?: BackboneOptions): LayersModel {
  const layout: ResNetLayout = {
    name: 'resnet18-cifar',
    stem: 'cifar',
    stemChannels: 64,
    channels: [64, 128, 256, 512],
    blocks: [2, 2, 2, 2],
    strides: [1, 2, 2, 2],
    block: 'basic',
    shortcut: 'projection',
  };
  return buildResNet(layout, { ...resolveBackboneOptions('resnet18Cifar', options, CIFAR_DEFAULTS), init: TORCH_DEFAULT_INIT });
}

/**
 * ResNet-18 for ImageNet (`resnet18_1w1a`, docs/method.md §6.5): a 7×7/2 full-precision stem → ReLU → BN →
 * 3×3/2 max-pool (−∞ padding 1), four stages of two Bi-Real blocks (a shortcut around each binary
 * unit; the first block of stages 2–4 downsamples through a full-precision Conv1×1 + BN), then
 * global average pool → BatchNorm1d → FC. 16 binary convolutions, 11,690,536 parameters at
 * 224×224×3 and 1000 classes.
 */
export function resnet18(options?: BackboneOptions): LayersModel {
  const layout: ResNetLayout = { name: 'resnet18', ...IMAGENET_STAGES, blocks: [2, 2, 2, 2], block: 'bireal', shortcut: 'projection' };
  return buildResNet(layout, { ...resolveBackboneOptions('resnet18', options, IMAGENET_DEFAULTS), init: IMAGENET_INIT });
}

/**
 * ResNet-34 for ImageNet (`resnet34_1w1a`, docs/method.md §6.5): {@link resnet18} with 3/4/6/3 blocks per
 * stage. 32 binary convolutions, 21,798,696 parameters.
 */
export function resnet34(options?: BackboneOptions): LayersModel {
  const layout: ResNetLayout = { name: 'resnet34', ...IMAGENET_STAGES, blocks: [3, 4, 6, 3], block: 'bireal', shortcut: 'projection' };
  return buildResNet(layout, { ...resolveBackboneOptions('resnet34', options, IMAGENET_DEFAULTS), init: IMAGENET_INIT });
}
