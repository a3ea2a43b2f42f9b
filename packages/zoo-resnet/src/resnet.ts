import { BackboneModel, batchNorm } from '@signflow/core';
import { input, layers, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { OptionAShortcut } from './layers/option-a-shortcut.js';
import { PaddedMaxPool2D } from './layers/padded-max-pool.js';
import {
  applyLayer,
  binaryUnit,
  channelsOf,
  fullPrecisionConv,
  residualAdd,
  resnetHead,
  type BuildContext,
} from './units.js';

/**
 * Where the residual connections go:
 * - `basic`: one per block, around both binary units (ResNet-20, CIFAR ResNet-18);
 * - `bireal`: one around each binary unit (Bi-Real style: ResNet-20 Bi-Real, ImageNet ResNet-18/34).
 */
export type BlockKind = 'basic' | 'bireal';

/**
 * How a shortcut changes resolution and width when a block does:
 * - `option-a`: parameter-free stride-2 slice plus zero channel padding (the CIFAR ResNet-20s);
 * - `projection`: full-precision Conv1×1 (stride s, no bias) + BN (ResNet-18/34).
 */
export type ShortcutKind = 'option-a' | 'projection';

/** The stem: a full-precision conv, then ReLU → BN, and for ImageNet a −∞-padded max-pool. */
export type StemKind = 'cifar' | 'imagenet';

/** The layout of one residual network. */
export interface ResNetLayout {
  /** Model name. */
  readonly name: string;
  /** Stem kind. */
  readonly stem: StemKind;
  /** Output channels of the stem. */
  readonly stemChannels: number;
  /** Channels of each stage. */
  readonly channels: readonly number[];
  /** Blocks of each stage. */
  readonly blocks: readonly number[];
  /** Stride of the first block of each stage. */
  readonly strides: readonly number[];
  /** Where residual connections go. */
  readonly block: BlockKind;
  /** How shortcuts adapt resolution and width. */
  readonly shortcut: ShortcutKind;
}

/** Builds a residual network of `layout` from validated options (docs/method.md §6.1–§6.5). */
export function buildResNet(layout: ResNetLayout, ctx: BuildContext): LayersModel {
  const inputs = input({ shape: ctx.inputShape, name: 'input' });
  let x = stem(layout, ctx, inputs);
  layout.channels.forEach((channels, stage) => {
    for (let block = 0; block < layout.blocks[stage]; block += 1) {
      const stride = block === 0 ? layout.strides[stage] : 1;
      x = residualBlock(layout, ctx, x, `s${stage + 1}b${block + 1}`, channels, stride);
    }
  });
  return new BackboneModel({ inputs, outputs: resnetHead(ctx, x), name: layout.name });
}

function stem(layout: ResNetLayout, ctx: BuildContext, x: SymbolicTensor): SymbolicTensor {
  const [kernelSize, stride, padding] = layout.stem === 'cifar' ? [3, 1, 1] : [7, 2, 3];
  const conv = fullPrecisionConv(ctx, x, 'stem', layout.stemChannels, kernelSize, stride, padding);
  const normed = applyLayer(batchNorm('stem_bn'), applyLayer(layers.reLU({ name: 'stem_relu' }), conv));
  if (layout.stem === 'cifar') return normed;
  return applyLayer(new PaddedMaxPool2D({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 1 }), normed);
}

function residualBlock(
  layout: ResNetLayout,
  ctx: BuildContext,
  x: SymbolicTensor,
  name: string,
  channels: number,
  stride: number,
): SymbolicTensor {
  const skip = shortcut(layout, ctx, x, name, channels, stride);
  const first = binaryUnit(ctx, x, `${name}_unit1`, channels, stride);
  if (layout.block === 'basic') {
    const second = binaryUnit(ctx, first, `${name}_unit2`, channels, 1);
    return residualAdd(second, skip, `${name}_add`);
  }
  const out1 = residualAdd(first, skip, `${name}_add1`);
  return residualAdd(binaryUnit(ctx, out1, `${name}_unit2`, channels, 1), out1, `${name}_add2`);
}

/** The identity unless the block changes stride or width. */
function shortcut(
  layout: ResNetLayout,
  ctx: BuildContext,
  x: SymbolicTensor,
  name: string,
  channels: number,
  stride: number,
): SymbolicTensor {
  const inChannels = channelsOf(x);
  if (stride === 1 && inChannels === channels) return x;
  if (layout.shortcut === 'projection') {
    const conv = fullPrecisionConv(ctx, x, `${name}_down`, channels, 1, stride, 0);
    return applyLayer(batchNorm(`${name}_down_bn`), conv);
  }
  // The authors' option A pads planes/4 per side, which presumes planes = 2·inChannels.
  if (channels !== 2 * inChannels) {
    throw new Error(`${layout.name}: the option-A shortcut needs the width to double, got ${inChannels} → ${channels} channels.`);
  }
  return applyLayer(new OptionAShortcut({ name: `${name}_shortcut`, stride, channelPadding: channels / 4 }), x);
}
