/**
 * A plain tfjs-layers ResNet-20 for CIFAR-10 (He et al. 2016, option-A shortcuts), built here so
 * that the backend benchmark depends on nothing but tfjs: 3x3 convolutions of 16/32/64 channels,
 * 3 stages of 3 basic blocks, batch norm, ReLU, global average pooling and a 10-way dense layer.
 * The binary (1W/1A) variant binarises the weights and the input activations of every convolution
 * inside the blocks with sign and a straight-through gradient; the stem and the classifier stay
 * real-valued, as in the usual BNN recipe.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';

/** Sign with 0 -> +1 forward and the clipped straight-through gradient `dy * (|x| <= 1)`. */
export const signSte = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([input]);
  const value = tf.sub(tf.mul(tf.cast(tf.greaterEqual(input, 0), 'float32'), 2), 1);
  return {
    value,
    // tfjs runs a custom gradient outside the per-input tidy of the tape: without this tidy its
    // temporaries (|x|, the mask) would stay alive until the whole backward pass ends.
    gradFunc: (dy, saved) =>
      tf.tidy(() => {
        const [xs] = saved as tf.Tensor[];
        return tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(xs as tf.Tensor), 1), 'float32'));
      }),
  };
}) as (x: tf.Tensor) => tf.Tensor;

interface SignConvArgs extends LayerArgs {
  filters: number;
  strides: number;
}

/** A bias-free 3x3 'same' convolution whose weights and input activations pass through sign. */
class SignConv2D extends tfl.layers.Layer {
  static readonly className = 'BenchSignConv2D';
  private readonly filters: number;
  private readonly strides: number;
  private kernel!: tfl.LayerVariable;

  constructor(args: SignConvArgs) {
    super(args);
    this.filters = args.filters;
    this.strides = args.strides;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    const channels = shape[shape.length - 1] as number;
    this.kernel = this.addWeight(
      'kernel',
      [3, 3, channels, this.filters],
      'float32',
      tfl.initializers.heNormal({}),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = inputShape as tfl.Shape;
    const out = (d: number | null): number | null => (d == null ? null : Math.ceil(d / this.strides));
    return [n ?? null, out(h ?? null), out(w ?? null), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const w = signSte(this.kernel.read());
      return tf.conv2d(signSte(x) as tf.Tensor4D, w as tf.Tensor4D, this.strides, 'same');
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, strides: this.strides };
  }
}

interface ShortcutArgs extends LayerArgs {
  padChannels: number;
}

/** Option-A shortcut: subsample by 2 (a 1x1 max pool) and zero-pad the new channels. */
class PadShortcut extends tfl.layers.Layer {
  static readonly className = 'BenchPadShortcut';
  private readonly padChannels: number;

  constructor(args: ShortcutArgs) {
    super(args);
    this.padChannels = args.padChannels;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = inputShape as tfl.Shape;
    const half = (d: number | null | undefined): number | null => (d == null ? null : Math.ceil(d / 2));
    return [n ?? null, half(h), half(w), (c as number) + 2 * this.padChannels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const sub = tf.maxPool(x, 1, 2, 'valid');
      const p = this.padChannels;
      return tf.pad(sub, [
        [0, 0],
        [0, 0],
        [0, 0],
        [p, p],
      ]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padChannels: this.padChannels };
  }
}

/** Which ResNet-20 to build: real-valued (32W/32A) or binary (1W/1A) inner convolutions. */
export type Precision = 'float' | 'binary';

function batchNorm(): tfl.layers.Layer {
  // PyTorch's defaults (momentum 0.1 there is 0.9 here, epsilon 1e-5), so both sides match.
  return tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
}

function conv(precision: Precision, filters: number, strides: number): tfl.layers.Layer {
  if (precision === 'binary') return new SignConv2D({ filters, strides });
  return tfl.layers.conv2d({
    filters,
    kernelSize: 3,
    strides,
    padding: 'same',
    useBias: false,
    kernelInitializer: 'heNormal',
  });
}

function basicBlock(
  x: tfl.SymbolicTensor,
  precision: Precision,
  filters: number,
  strides: number,
): tfl.SymbolicTensor {
  const inChannels = x.shape[3] as number;
  let y = conv(precision, filters, strides).apply(x) as tfl.SymbolicTensor;
  y = batchNorm().apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.reLU().apply(y) as tfl.SymbolicTensor;
  y = conv(precision, filters, 1).apply(y) as tfl.SymbolicTensor;
  y = batchNorm().apply(y) as tfl.SymbolicTensor;
  const shortcut =
    strides === 1 && inChannels === filters
      ? x
      : (new PadShortcut({ padChannels: (filters - inChannels) / 2 }).apply(x) as tfl.SymbolicTensor);
  const sum = tfl.layers.add().apply([y, shortcut]) as tfl.SymbolicTensor;
  return tfl.layers.reLU().apply(sum) as tfl.SymbolicTensor;
}

/** Builds ResNet-20 for 32x32x3 inputs and 10 classes (272,474 parameters for 'float'). */
export function resnet20(precision: Precision): tfl.LayersModel {
  const input = tfl.input({ shape: [32, 32, 3] });
  let x = tfl.layers
    .conv2d({ filters: 16, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: 'heNormal' })
    .apply(input) as tfl.SymbolicTensor;
  x = batchNorm().apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
  for (const [stage, filters] of [16, 32, 64].entries()) {
    for (let block = 0; block < 3; block++) {
      const strides = stage > 0 && block === 0 ? 2 : 1;
      x = basicBlock(x, precision, filters, strides);
    }
  }
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 10 }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}
