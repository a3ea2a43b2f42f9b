import * as tfl from '@tensorflow/tfjs-layers';
import { BackboneModel, BatchNorm, kaimingNormal, QuantConv2D, resolveBackboneOptions, torchDefault, type BackboneOptions } from '@signflow/core';

/** Two 2×2 pools halve the input twice. */
const MIN_SIZE = 4;

/**
 * A LeNet-style binary convolutional network for small images (default 28×28×1, 10 classes):
 *
 * Conv3×3(32) [FP] → ReLU → BN → BConv3×3(64) → ReLU → BN → MaxPool 2
 *   → BConv3×3(64) → ReLU → BN → MaxPool 2 → flatten → Dense(classes) [FP]
 *
 * Every 3×3 convolution pads 1 on each side; binary convolutions have no bias. Convolutions use
 * Kaiming normal (fan-in) initialisation as the ResNets, the classifier PyTorch's default,
 * seeded from `options.seed`.
 */
export function lenet(options: BackboneOptions = {}): tfl.LayersModel {
  const { inputShape, numClasses, weightEstimator, activationEstimator, seeds } = resolveBackboneOptions('lenet', options, { numClasses: 10, inputShape: [28, 28, 1] });
  const [height, width, channels] = inputShape;
  if (Math.min(height, width) < MIN_SIZE) {
    throw new RangeError(
      `lenet: inputShape = ${JSON.stringify(inputShape)} is too small; its two 2×2 max-pools need at least ${MIN_SIZE}×${MIN_SIZE} pixels.`,
    );
  }
  const input = tfl.input({ shape: inputShape, name: 'image' });
  const stem = new QuantConv2D({ filters: 32, kernelSize: 3, padding: 1, kernelInitializer: kaimingNormal(9 * channels, seeds.next()), name: 'conv1' });
  let x = stem.apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.reLU({ name: 'relu1' }).apply(x) as tfl.SymbolicTensor;
  x = new BatchNorm({ name: 'bn1' }).apply(x) as tfl.SymbolicTensor;
  let inChannels = 32;
  for (const [i, filters] of [[2, 64], [3, 64]] as const) {
    const conv = new QuantConv2D({
      filters,
      kernelSize: 3,
      padding: 1,
      kernelEstimator: weightEstimator,
      inputEstimator: activationEstimator,
      kernelInitializer: kaimingNormal(9 * inChannels, seeds.next()),
      name: `conv${i}`,
    });
    x = conv.apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.reLU({ name: `relu${i}` }).apply(x) as tfl.SymbolicTensor;
    x = new BatchNorm({ name: `bn${i}` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid', name: `pool${i}` }).apply(x) as tfl.SymbolicTensor;
    inChannels = filters;
  }
  x = tfl.layers.flatten({ name: 'flatten' }).apply(x) as tfl.SymbolicTensor;
  const features = Math.floor(Math.floor(height / 2) / 2) * Math.floor(Math.floor(width / 2) / 2) * inChannels;
  const logits = tfl.layers
    .dense({ units: numClasses, kernelInitializer: torchDefault(features, seeds.next()), biasInitializer: torchDefault(features, seeds.next()), name: 'classifier' })
    .apply(x) as tfl.SymbolicTensor;
  return new BackboneModel({ inputs: input, outputs: logits, name: 'lenet' });
}
