import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, type Shape } from '@tensorflow/tfjs-layers';
import type { Initializer, InitializerConfig } from './initializer.js';
import { QuantizedKernelLayer, type QuantizedKernelArgs } from './quantized-kernel-layer.js';
import { checkPositiveInt, oneShape } from './layer-args.js';

/** Arguments of {@link QuantDense}. */
export interface QuantDenseArgs extends QuantizedKernelArgs {
  /** Number of output features. */
  units: number;
  /** Whether to add a bias; default true. */
  useBias?: boolean;
  /** Kernel initializer; default Glorot uniform. */
  kernelInitializer?: Initializer | InitializerConfig;
}

/**
 * A fully connected layer (kernel [in, out]) whose kernel and input pass through estimators.
 * Inputs of rank > 2 are contracted on their last axis (as tfjs's Dense), so the layer serves
 * token-wise projections in transformers. Serialisable like {@link QuantConv2D}.
 */
export class QuantDense extends QuantizedKernelLayer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>QuantDense';

  readonly units: number;

  constructor(args: QuantDenseArgs) {
    super('QuantDense', args, { namePrefix: 'quant_dense', useBias: true, kernelInitializer: () => initializers.glorotUniform({}) });
    this.units = checkPositiveInt('QuantDense', 'units', args.units);
  }

  protected override kernelShape(inputShape: Shape): number[] {
    const features = inputShape[inputShape.length - 1];
    if (features === null) throw new Error(`QuantDense '${this.name}': the last dimension of the input must be known.`);
    return [features, this.units];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape(inputShape);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const { x, kernel } = this.quantizedOperands(inputs);
      const features = x.shape[x.shape.length - 1];
      const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, features]);
      const y = this.withBias(tf.matMul(flat as tf.Tensor2D, kernel as tf.Tensor2D));
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    });
  }

  protected override ownConfig(): serialization.ConfigDict {
    return { units: this.units };
  }
}

serialization.registerClass(QuantDense);
