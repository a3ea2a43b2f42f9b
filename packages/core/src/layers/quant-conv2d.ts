import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Estimator } from '../estimator/estimator.js';
import { resolveEstimator, toEstimatorRef, type EstimatorRef } from '../estimator/estimator-ref.js';
import { quantize } from '../estimator/quantize.js';
import { checkKernelScale, quantizedKernel, type KernelScale } from './kernel-scale.js';
import { resolveInitializer, serializeInitializer, type Initializer, type InitializerConfig } from './initializer.js';
import { bitsOf, type QuantizedLayer } from './quantized-layer.js';
import { checkPositiveInt, defaultLayerName, oneTensor, oneShape, pair } from './layer-args.js';

/** Arguments of {@link QuantConv2D}. */
export interface QuantConv2DArgs extends LayerArgs {
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
  /** Quantises the kernel; null or absent keeps it full precision. */
  kernelEstimator?: Estimator | EstimatorRef | null;
  /** Quantises the input; null or absent keeps it real-valued. */
  inputEstimator?: Estimator | EstimatorRef | null;
  /** How the quantised kernel is scaled; default `'layer-mean'`. */
  kernelScale?: KernelScale;
  /** Kernel initializer; default He normal (fan-in). */
  kernelInitializer?: Initializer | InitializerConfig;
  /** Bias initializer; default zeros. */
  biasInitializer?: Initializer | InitializerConfig;
}

/**
 * A 2-D convolution (NHWC, HWIO kernel) whose kernel and input pass through estimators, Larq
 * style. The input is quantised before zero padding, so the padded border is 0 as in PyTorch.
 * Serialisable: a model saved with `model.save` loads again with its estimators and their
 * hyper-parameters, provided the estimator plugins are registered before loading.
 */
export class QuantConv2D extends layers.Layer implements QuantizedLayer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>QuantConv2D';

  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: [number, number];
  readonly useBias: boolean;
  readonly kernelEstimator: Estimator | null;
  readonly inputEstimator: Estimator | null;
  readonly kernelScale: KernelScale;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  constructor(args: QuantConv2DArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('quant_conv2d') });
    this.filters = checkPositiveInt('QuantConv2D', 'filters', args.filters);
    this.kernelSize = pair('QuantConv2D', 'kernelSize', args.kernelSize, 1);
    this.strides = pair('QuantConv2D', 'strides', args.strides ?? 1, 1);
    this.padding = pair('QuantConv2D', 'padding', args.padding ?? 0, 0);
    this.useBias = args.useBias ?? false;
    this.kernelEstimator = resolveEstimator(args.kernelEstimator);
    this.inputEstimator = resolveEstimator(args.inputEstimator);
    this.kernelScale = checkKernelScale(args.kernelScale ?? 'layer-mean');
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, () => initializers.heNormal({}));
    this.biasInitializer = resolveInitializer(args.biasInitializer, () => initializers.zeros());
  }

  get kernelBits(): number {
    return bitsOf(this.kernelEstimator);
  }

  get inputBits(): number {
    return bitsOf(this.inputEstimator);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape(inputShape);
    const channels = shape[shape.length - 1];
    if (channels === null) throw new Error(`QuantConv2D '${this.name}': the channel dimension of the input must be known.`);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels, this.filters], 'float32', this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', this.biasInitializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, height, width] = oneShape(inputShape);
    const out = (size: number | null, axis: 0 | 1): number | null =>
      size === null ? null : Math.floor((size + 2 * this.padding[axis] - this.kernelSize[axis]) / this.strides[axis]) + 1;
    return [batch, out(height, 0), out(width, 1), this.filters];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      let x = oneTensor(inputs);
      if (this.inputEstimator !== null) x = quantize(this.inputEstimator, x);
      const kernel = quantizedKernel(this.builtKernel().read(), this.kernelEstimator, this.kernelScale);
      const [ph, pw] = this.padding;
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [ph, ph], [pw, pw], [0, 0]];
      const y = tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, this.strides, ph === 0 && pw === 0 ? 'valid' : pad);
      return this.bias === null ? y : tf.add(y, this.bias.read());
    });
  }

  private builtKernel(): LayerVariable {
    if (this.kernel === null) throw new Error(`QuantConv2D '${this.name}' was called before it was built.`);
    return this.kernel;
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      useBias: this.useBias,
      kernelEstimator: toEstimatorRef(this.kernelEstimator) as unknown as serialization.ConfigDict,
      inputEstimator: toEstimatorRef(this.inputEstimator) as unknown as serialization.ConfigDict,
      kernelScale: this.kernelScale,
      kernelInitializer: serializeInitializer(this.kernelInitializer) as unknown as serialization.ConfigDict,
      biasInitializer: serializeInitializer(this.biasInitializer) as unknown as serialization.ConfigDict,
    };
  }
}

serialization.registerClass(QuantConv2D);
