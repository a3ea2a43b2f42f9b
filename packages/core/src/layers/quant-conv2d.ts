import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, type Shape } from '@tensorflow/tfjs-layers';
import type { Initializer, InitializerConfig } from './initializer.js';
import { QuantizedKernelLayer, type QuantizedKernelArgs } from './quantized-kernel-layer.js';
import { checkPositiveInt, oneShape, pair } from './layer-args.js';

/** Arguments of {@link QuantConv2D}. */
export interface QuantConv2DArgs extends QuantizedKernelArgs {
  /** Number of output channels. */
  filters: number;
  /** Kernel size, square or [height, width]. */
  kernelSize: number | [number, number];
  /** Stride, square or [height, width]; default 1. */
  strides?: number | [number, number];
  /**
   * Zero padding applied symmetrically on each side (PyTorch's `padding`), square or
   * [height, width]; default 0. TF's `'same'` is deliberately not offered: it pads
   * asymmetrically at stride 2, unlike the reference models.
   */
  padding?: number | [number, number];
  /** Whether to add a bias; default false (binary convolutions have none). */
  useBias?: boolean;
  /** Kernel initializer; default He normal (fan-in). */
  kernelInitializer?: Initializer | InitializerConfig;
}

/**
 * A 2-D convolution (NHWC, HWIO kernel) whose kernel and input pass through estimators, Larq
 * style. The input is quantised before zero padding, so the padded border is 0 as in PyTorch.
 * Serialisable: a model saved with `model.save` loads again with its estimators and their
 * hyper-parameters, provided the estimator plugins are registered before loading.
 */
export class QuantConv2D extends QuantizedKernelLayer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>QuantConv2D';

  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: [number, number];

  constructor(args: QuantConv2DArgs) {
    super('QuantConv2D', args, { namePrefix: 'quant_conv2d', useBias: false, kernelInitializer: () => initializers.heNormal({}) });
    this.filters = checkPositiveInt('QuantConv2D', 'filters', args.filters);
    this.kernelSize = pair('QuantConv2D', 'kernelSize', args.kernelSize, 1);
    this.strides = pair('QuantConv2D', 'strides', args.strides ?? 1, 1);
    this.padding = pair('QuantConv2D', 'padding', args.padding ?? 0, 0);
  }

  protected override kernelShape(inputShape: Shape): number[] {
    const channels = inputShape[inputShape.length - 1];
    if (channels === null) throw new Error(`QuantConv2D '${this.name}': the channel dimension of the input must be known.`);
    return [...this.kernelSize, channels, this.filters];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, height, width] = oneShape(inputShape);
    const out = (size: number | null, axis: 0 | 1): number | null =>
      size === null ? null : Math.floor((size + 2 * this.padding[axis] - this.kernelSize[axis]) / this.strides[axis]) + 1;
    return [batch, out(height, 0), out(width, 1), this.filters];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const { x, kernel } = this.quantizedOperands(inputs);
      const [ph, pw] = this.padding;
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [ph, ph], [pw, pw], [0, 0]];
      const y = tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, this.strides, ph === 0 && pw === 0 ? 'valid' : pad);
      return this.withBias(y);
    });
  }

  protected override ownConfig(): serialization.ConfigDict {
    return { filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding };
  }
}

serialization.registerClass(QuantConv2D);
