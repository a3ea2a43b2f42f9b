import { BackboneModel, batchNorm, QuantConv2D, resolveBackboneOptions, type BackboneOptions, type ResolvedBackboneOptions } from '@signflow/core';
import { initializers, input, layers, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';

/** Channels of the six convolutions, and whether a 2×2 max-pool follows each (docs/method.md §6.6). */
const LAYERS: readonly { channels: number; pool: boolean }[] = [
  { channels: 128, pool: false },
  { channels: 128, pool: true },
  { channels: 256, pool: false },
  { channels: 256, pool: true },
  { channels: 512, pool: false },
  { channels: 512, pool: true },
];

/** Options of {@link vggSmall}. */
export interface VggSmallOptions extends BackboneOptions {
  /**
   * Scales every convolution's channels (rounded, at least 1), for budgets where the full model
   * (0.6 G multiply-accumulates per 32×32 image) is too slow; default 1, the paper's model.
   */
  widthMultiplier?: number;
}

/** Three 2×2 pools halve the input three times. */
const MIN_SIZE = 8;

/**
 * VGG-small for CIFAR-10 (`vgg_small_1w1a`, docs/method.md §6.6): a full-precision Conv3×3 (3→128) → ReLU →
 * BN, five binary units BConv3×3 → ReLU → BN (128→128, 128→256, 256→256, 256→512, 512→512) with a
 * 2×2 max-pool after the 2nd, 4th and 6th convolution, then a channel-first flatten (PyTorch's
 * C·H·W order, 8192 features at 32×32) → full-precision Linear with bias. No BatchNorm1d before the
 * classifier. Every 3×3 convolution pads 1 on each side and has no bias. Convolutions start at
 * N(0, 2/(9·out_channels)) (fan-out), the Linear at N(0, 0.01²) with zero bias. 5 binary
 * convolutions (4,571,136 weights), 4,660,106 parameters at 32×32×3 and 10 classes.
 */
export function vggSmall(options?: VggSmallOptions): LayersModel {
  const resolved = resolveBackboneOptions('vggSmall', options, { numClasses: 10, inputShape: [32, 32, 3] });
  const widthMultiplier = options?.widthMultiplier ?? 1;
  if (!(widthMultiplier > 0 && widthMultiplier <= 1)) {
    throw new RangeError(`vggSmall: widthMultiplier = ${JSON.stringify(widthMultiplier)} must be in (0, 1].`);
  }
  const [height, width] = resolved.inputShape;
  if (Math.min(height, width) < MIN_SIZE) {
    throw new RangeError(
      `vggSmall: inputShape = ${JSON.stringify(resolved.inputShape)} is too small; its three 2×2 max-pools need at least ${MIN_SIZE}×${MIN_SIZE} pixels.`,
    );
  }
  const inputs = input({ shape: resolved.inputShape, name: 'input' });
  let x: SymbolicTensor = inputs;
  LAYERS.forEach(({ channels, pool }, index) => {
    const name = `conv${index}`;
    x = convUnit(resolved, x, name, Math.max(1, Math.round(channels * widthMultiplier)), index > 0);
    if (pool) x = apply(layers.maxPooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2, padding: 'valid' }), x);
  });
  // NHWC → NCHW before flattening, so that the classifier's inputs come in PyTorch's order.
  const flat = apply(layers.flatten({ name: 'flatten' }), apply(layers.permute({ name: 'to_channels_first', dims: [3, 1, 2] }), x));
  const fc = layers.dense({
    name: 'fc',
    units: resolved.numClasses,
    useBias: true,
    kernelInitializer: normal(0.01, resolved.seeds.next()),
    biasInitializer: initializers.zeros(),
  });
  return new BackboneModel({ inputs, outputs: apply(fc, flat), name: 'vgg-small' });
}

/**
 * Conv3×3 (pad 1 on each side, no bias) → ReLU → BN. The first convolution is a plain
 * full-precision `Conv2D` after explicit zero padding; the others are `QuantConv2D`s that quantise
 * their kernel and input with the given estimators (null: full precision).
 */
function convUnit(options: ResolvedBackboneOptions, x: SymbolicTensor, name: string, filters: number, binary: boolean): SymbolicTensor {
  const kernelInitializer = normal(Math.sqrt(2 / (9 * filters)), options.seeds.next());
  const conv = binary
    ? apply(
        new QuantConv2D({
          name: `${name}_conv`,
          filters,
          kernelSize: 3,
          padding: 1,
          useBias: false,
          kernelEstimator: options.weightEstimator,
          inputEstimator: options.activationEstimator,
          kernelInitializer,
        }),
        x,
      )
    : apply(
        layers.conv2d({ name: `${name}_conv`, filters, kernelSize: 3, padding: 'valid', useBias: false, kernelInitializer }),
        apply(layers.zeroPadding2d({ name: `${name}_pad`, padding: 1 }), x),
      );
  const relu = apply(layers.reLU({ name: `${name}_relu` }), conv);
  return apply(batchNorm(`${name}_bn`), relu);
}

/** N(0, std²), untruncated. */
function normal(stddev: number, seed: number | undefined): ReturnType<typeof initializers.randomNormal> {
  return initializers.randomNormal({ mean: 0, stddev, seed });
}

function apply(layer: layers.Layer, x: SymbolicTensor): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}
