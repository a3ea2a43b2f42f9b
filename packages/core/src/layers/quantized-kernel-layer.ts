import * as tf from '@tensorflow/tfjs-core';
import type { serialization, Tensor } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Estimator } from '../estimator/estimator.js';
import { resolveEstimator, toEstimatorRef, type EstimatorRef } from '../estimator/estimator-ref.js';
import { quantize } from '../estimator/quantize.js';
import { checkKernelScale, quantizedKernel, type KernelScale } from './kernel-scale.js';
import { resolveInitializer, serializeInitializer, type Initializer, type InitializerConfig } from './initializer.js';
import { bitsOf, type QuantizedLayer } from './quantized-layer.js';
import { defaultLayerName, oneShape, oneTensor } from './layer-args.js';

/** Arguments of every {@link QuantizedKernelLayer}. */
export interface QuantizedKernelArgs extends LayerArgs {
  /** Whether to add a bias; the default depends on the layer. */
  useBias?: boolean;
  /** Quantises the kernel; null or absent keeps it full precision. */
  kernelEstimator?: Estimator | EstimatorRef | null;
  /** Quantises the input; null or absent keeps it real-valued. */
  inputEstimator?: Estimator | EstimatorRef | null;
  /** How the quantised kernel is scaled; default `'layer-mean'`. */
  kernelScale?: KernelScale;
  /** Kernel initializer; the default depends on the layer. */
  kernelInitializer?: Initializer | InitializerConfig;
  /** Bias initializer; default zeros. */
  biasInitializer?: Initializer | InitializerConfig;
}

/** What a subclass of {@link QuantizedKernelLayer} chooses for the arguments left out. */
export interface QuantizedKernelDefaults {
  /** Prefix of the default layer name, e.g. `'quant_dense'`. */
  readonly namePrefix: string;
  /** Whether the layer has a bias unless told otherwise. */
  readonly useBias: boolean;
  /** The kernel initializer unless one is given. */
  readonly kernelInitializer: () => Initializer;
}

/**
 * What {@link QuantConv2D} and {@link QuantDense} share: a kernel (output channels on its last
 * axis) and an optional bias, the kernel and the input passed through estimators, the bit-widths
 * the summaries read, and the serialisation of all this. A subclass gives the kernel's shape, the
 * operation, and its own arguments.
 */
export abstract class QuantizedKernelLayer extends layers.Layer implements QuantizedLayer {
  readonly useBias: boolean;
  readonly kernelEstimator: Estimator | null;
  readonly inputEstimator: Estimator | null;
  readonly kernelScale: KernelScale;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  /**
   * @param layerKind the subclass's name in error messages, e.g. `'QuantDense'`
   * @param args the layer's arguments
   * @param defaults what the subclass uses for the arguments left out
   */
  protected constructor(
    protected readonly layerKind: string,
    args: QuantizedKernelArgs,
    defaults: QuantizedKernelDefaults,
  ) {
    super({ ...args, name: args.name ?? defaultLayerName(defaults.namePrefix) });
    this.useBias = args.useBias ?? defaults.useBias;
    this.kernelEstimator = resolveEstimator(args.kernelEstimator);
    this.inputEstimator = resolveEstimator(args.inputEstimator);
    this.kernelScale = checkKernelScale(args.kernelScale ?? 'layer-mean');
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, defaults.kernelInitializer);
    this.biasInitializer = resolveInitializer(args.biasInitializer, () => initializers.zeros());
  }

  get kernelBits(): number {
    return bitsOf(this.kernelEstimator);
  }

  get inputBits(): number {
    return bitsOf(this.inputEstimator);
  }

  /** The kernel's shape for inputs of shape `inputShape`, output channels last; throws when a dimension it needs is unknown. */
  protected abstract kernelShape(inputShape: Shape): number[];

  /** The subclass's own arguments, serialised before the shared ones. */
  protected abstract ownConfig(): serialization.ConfigDict;

  override build(inputShape: Shape | Shape[]): void {
    const kernelShape = this.kernelShape(oneShape(inputShape));
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [kernelShape[kernelShape.length - 1]], 'float32', this.biasInitializer);
    this.built = true;
  }

  /** The input through the input estimator and the scaled kernel through the kernel estimator; call inside `tf.tidy`. */
  protected quantizedOperands(inputs: Tensor | Tensor[]): { x: Tensor; kernel: Tensor } {
    const input = oneTensor(inputs);
    const x = this.inputEstimator === null ? input : quantize(this.inputEstimator, input);
    if (this.kernel === null) throw new Error(`${this.layerKind} '${this.name}' was called before it was built.`);
    return { x, kernel: quantizedKernel(this.kernel.read(), this.kernelEstimator, this.kernelScale) };
  }

  /** `y` plus the bias, when the layer has one. */
  protected withBias(y: Tensor): Tensor {
    return this.bias === null ? y : tf.add(y, this.bias.read());
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      ...this.ownConfig(),
      useBias: this.useBias,
      kernelEstimator: toEstimatorRef(this.kernelEstimator) as unknown as serialization.ConfigDict,
      inputEstimator: toEstimatorRef(this.inputEstimator) as unknown as serialization.ConfigDict,
      kernelScale: this.kernelScale,
      kernelInitializer: serializeInitializer(this.kernelInitializer) as unknown as serialization.ConfigDict,
      biasInitializer: serializeInitializer(this.biasInitializer) as unknown as serialization.ConfigDict,
    };
  }
}
