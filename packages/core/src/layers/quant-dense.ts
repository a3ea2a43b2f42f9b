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
import { checkPositiveInt, defaultLayerName, oneShape, oneTensor } from './layer-args.js';

/** Arguments of {@link QuantDense}. */
export interface QuantDenseArgs extends LayerArgs {
  /** Number of output features. */
  units: number;
  /** Whether to add a bias; default true. */
  useBias?: boolean;
  /** Quantises the kernel; null or absent keeps it full precision. */
  kernelEstimator?: Estimator | EstimatorRef | null;
  /** Quantises the input; null or absent keeps it real-valued. */
  inputEstimator?: Estimator | EstimatorRef | null;
  /** How the quantised kernel is scaled; default `'layer-mean'`. */
  kernelScale?: KernelScale;
  /** Kernel initializer; default Glorot uniform. */
  kernelInitializer?: Initializer | InitializerConfig;
  /** Bias initializer; default zeros. */
  biasInitializer?: Initializer | InitializerConfig;
}

/**
 * A fully connected layer (kernel [in, out]) whose kernel and input pass through estimators.
 * Inputs of rank > 2 are contracted on their last axis (as tfjs's Dense), so the layer serves
 * token-wise projections in transformers. Serialisable like {@link QuantConv2D}.
 */
export class QuantDense extends layers.Layer implements QuantizedLayer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>QuantDense';

  readonly units: number;
  readonly useBias: boolean;
  readonly kernelEstimator: Estimator | null;
  readonly inputEstimator: Estimator | null;
  readonly kernelScale: KernelScale;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private kernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;

  constructor(args: QuantDenseArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('quant_dense') });
    this.units = checkPositiveInt('QuantDense', 'units', args.units);
    this.useBias = args.useBias ?? true;
    this.kernelEstimator = resolveEstimator(args.kernelEstimator);
    this.inputEstimator = resolveEstimator(args.inputEstimator);
    this.kernelScale = checkKernelScale(args.kernelScale ?? 'layer-mean');
    this.kernelInitializer = resolveInitializer(args.kernelInitializer, () => initializers.glorotUniform({}));
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
    const features = shape[shape.length - 1];
    if (features === null) throw new Error(`QuantDense '${this.name}': the last dimension of the input must be known.`);
    this.kernel = this.addWeight('kernel', [features, this.units], 'float32', this.kernelInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', this.biasInitializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      let x = oneTensor(inputs);
      if (this.inputEstimator !== null) x = quantize(this.inputEstimator, x);
      const kernel = quantizedKernel(this.builtKernel().read(), this.kernelEstimator, this.kernelScale);
      const features = x.shape[x.shape.length - 1];
      const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, features]);
      let y: Tensor = tf.matMul(flat as tf.Tensor2D, kernel as tf.Tensor2D);
      if (this.bias !== null) y = tf.add(y, this.bias.read());
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    });
  }

  private builtKernel(): LayerVariable {
    if (this.kernel === null) throw new Error(`QuantDense '${this.name}' was called before it was built.`);
    return this.kernel;
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      useBias: this.useBias,
      kernelEstimator: toEstimatorRef(this.kernelEstimator) as unknown as serialization.ConfigDict,
      inputEstimator: toEstimatorRef(this.inputEstimator) as unknown as serialization.ConfigDict,
      kernelScale: this.kernelScale,
      kernelInitializer: serializeInitializer(this.kernelInitializer) as unknown as serialization.ConfigDict,
      biasInitializer: serializeInitializer(this.biasInitializer) as unknown as serialization.ConfigDict,
    };
  }
}

serialization.registerClass(QuantDense);
