import { defaultLayerName } from '@signflow/core';
import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { layers, type Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';

/** Arguments of {@link OptionAShortcut}. */
export interface OptionAShortcutArgs extends LayerArgs {
  /** Spatial subsampling step; the kept rows and columns are 0, stride, 2·stride, … */
  stride: number;
  /** Zero channels added on each side of the channel axis (planes / 4 in ResNet-20). */
  channelPadding: number;
}

/**
 * The parameter-free "option A" shortcut of the CIFAR ResNets (He et al. 2016), NHWC: keeps every
 * `stride`-th row and column starting at index 0 (PyTorch's `x[:, :, ::2, ::2]`), then pads the
 * channel axis with `channelPadding` zero planes on **both** sides (16 → 32 channels adds 8 + 8).
 * An odd size n gives ⌈n / stride⌉ rows, as the 3×3 stride-2 pad-1 convolution beside it.
 */
export class OptionAShortcut extends layers.Layer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>OptionAShortcut';

  readonly stride: number;
  readonly channelPadding: number;

  constructor(args: OptionAShortcutArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('option_a_shortcut') });
    if (!Number.isInteger(args.stride) || args.stride < 1) {
      throw new RangeError(`OptionAShortcut: stride = ${JSON.stringify(args.stride)} must be a positive integer.`);
    }
    if (!Number.isInteger(args.channelPadding) || args.channelPadding < 0) {
      throw new RangeError(`OptionAShortcut: channelPadding = ${JSON.stringify(args.channelPadding)} must be an integer >= 0.`);
    }
    this.stride = args.stride;
    this.channelPadding = args.channelPadding;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, height, width, channels] = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    const sub = (size: number | null): number | null => (size === null ? null : Math.ceil(size / this.stride));
    return [batch, sub(height), sub(width), channels === null ? null : channels + 2 * this.channelPadding];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const sub = this.stride === 1 ? x : subsample(x, this.stride);
      const p = this.channelPadding;
      return p === 0 ? sub : tf.pad(sub, [[0, 0], [0, 0], [0, 0], [p, p]]);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), stride: this.stride, channelPadding: this.channelPadding };
  }
}

serialization.registerClass(OptionAShortcut);

/**
 * x[:, ::s, ::s, :] as pad → reshape → slice → reshape. tfjs has no gradient for StridedSlice, and
 * a gather's gradient (UnsortedSegmentSum) is orders of magnitude slower than these four ops,
 * whose gradients are a slice, a pad and two reshapes. The padding (to a multiple of s) only
 * adds rows and columns that are never kept.
 */
function subsample(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const rows = Math.ceil(h / s);
  const cols = Math.ceil(w / s);
  const padded = rows * s === h && cols * s === w ? x : tf.pad(x, [[0, 0], [0, rows * s - h], [0, cols * s - w], [0, 0]]);
  const blocks = tf.reshape(padded, [n, rows, s, cols, s, c]);
  return tf.reshape(tf.slice(blocks, [0, 0, 0, 0, 0, 0], [n, rows, 1, cols, 1, c]), [n, rows, cols, c]);
}
