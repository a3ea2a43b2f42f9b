import * as tfl from '@tensorflow/tfjs-layers';
import { BackboneModel, BatchNorm, QuantDense, resolveBackboneOptions, torchDefault, type BackboneOptions } from '@signflow/core';

/** Options of {@link mlp}. */
export interface MlpOptions extends BackboneOptions {
  /** Widths of the hidden layers; default [256, 256, 256]. The first is full precision, the rest binary. */
  hidden?: number[];
}

/**
 * A binary multi-layer perceptron for small images (default 28×28×1, 10 classes):
 *
 * flatten → Dense(h₀) [FP] → ReLU → BN → { QuantDense(hᵢ) → ReLU → BN } × (n − 1) → Dense(classes) [FP]
 *
 * The ResNet convention carried over to dense layers: the first and last layers stay in full
 * precision, binary layers have no bias and are followed by ReLU then BatchNorm (PyTorch
 * semantics, momentum 0.1, ε 1e-5), so the next binary layer binarises a BatchNorm output.
 * Weights use PyTorch's default U(±1/√fan_in), seeded from `options.seed`.
 */
export function mlp(options: MlpOptions = {}): tfl.LayersModel {
  const { inputShape, numClasses, weightEstimator, activationEstimator, seeds } = resolveBackboneOptions('mlp', options, { numClasses: 10, inputShape: [28, 28, 1] });
  const hidden = options.hidden ?? [256, 256, 256];
  if (hidden.length < 1 || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new RangeError(`mlp: hidden = ${JSON.stringify(hidden)} must be a non-empty list of positive integers.`);
  }
  const input = tfl.input({ shape: inputShape, name: 'image' });
  let x = tfl.layers.flatten({ name: 'flatten' }).apply(input) as tfl.SymbolicTensor;
  let fanIn = inputShape.reduce((a, b) => a * b, 1);
  hidden.forEach((width, i) => {
    const name = `fc${i + 1}`;
    const dense =
      i === 0
        ? tfl.layers.dense({ units: width, useBias: false, kernelInitializer: torchDefault(fanIn, seeds.next()), name })
        : new QuantDense({ units: width, useBias: false, kernelEstimator: weightEstimator, inputEstimator: activationEstimator, kernelInitializer: torchDefault(fanIn, seeds.next()), name });
    x = dense.apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.reLU({ name: `relu${i + 1}` }).apply(x) as tfl.SymbolicTensor;
    x = new BatchNorm({ name: `bn${i + 1}` }).apply(x) as tfl.SymbolicTensor;
    fanIn = width;
  });
  const logits = tfl.layers
    .dense({ units: numClasses, kernelInitializer: torchDefault(fanIn, seeds.next()), biasInitializer: torchDefault(fanIn, seeds.next()), name: 'classifier' })
    .apply(x) as tfl.SymbolicTensor;
  return new BackboneModel({ inputs: input, outputs: logits, name: 'mlp' });
}
