import { defaultLayerName } from '@signflow/core';
import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { layers, type Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';

/** Arguments of {@link PaddedMaxPool2D}. */
export interface PaddedMaxPool2DArgs extends LayerArgs {
  /** Square window size. */
  poolSize: number;
  /** Square stride. */
  strides: number;
  /** Padding on each side of both spatial axes. */
  padding: number;
}

/**
 * Max pooling with symmetric −∞ padding, as PyTorch's `MaxPool2d(k, s, padding)`: pads both
 * spatial axes by `padding` on each side with −∞ (padded cells never win, even where every real
 * value is negative), then pools with 'valid' windows. TF's 'same' would pad asymmetrically at
 * stride 2; zero padding would beat negative activations (this pool follows a BatchNorm).
 */
export class PaddedMaxPool2D extends layers.Layer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>PaddedMaxPool2D';

  readonly poolSize: number;
  readonly strides: number;
  readonly padding: number;

  constructor(args: PaddedMaxPool2DArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('padded_max_pool2d') });
    for (const [name, value, min] of [['poolSize', args.poolSize, 1], ['strides', args.strides, 1], ['padding', args.padding, 0]] as const) {
      if (!Number.isInteger(value) || value < min) {
        throw new RangeError(`PaddedMaxPool2D: ${name} = ${JSON.stringify(value)} must be an integer >= ${min}.`);
      }
    }
    if (args.padding * 2 > args.poolSize) {
      throw new RangeError(
        `PaddedMaxPool2D: padding = ${args.padding} must be at most half of poolSize = ${args.poolSize} (as in PyTorch), so that every window holds a real value.`,
      );
    }
    this.poolSize = args.poolSize;
    this.strides = args.strides;
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, height, width, channels] = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    const out = (size: number | null): number | null =>
      size === null ? null : Math.floor((size + 2 * this.padding - this.poolSize) / this.strides) + 1;
    return [batch, out(height), out(width), channels];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const p = this.padding;
      const padded = p === 0 ? x : tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], -Infinity);
      return tf.maxPool(padded, this.poolSize, this.strides, 'valid');
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }
}

serialization.registerClass(PaddedMaxPool2D);
