import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel, LayerVariable } from '@tensorflow/tfjs-layers';
import { isQuantizedLayer } from '@signflow/core';

/** The latent kernel of one binarised layer. */
export interface BinarizedKernel {
  /** The layer's name. */
  readonly layerName: string;
  /** The kernel variable; its `name` keys the gradient maps of `tf.variableGrads`. */
  readonly variable: LayerVariable;
}

/**
 * The latent kernels of the binarised layers of `model`, in layer order: the quantised layers
 * whose kernel estimator is 1-bit. Full-precision layers (the stem, 1×1 downsample convs, the
 * classifier, BN, plain tfjs layers) have no kernel estimator and are left out, which is the
 * set the ReSTE authors' indicator code selects by state-dict name (docs/method.md §9.1). k-bit kernels
 * (k > 1) are left out too: their distance to sign is not what the indicators measure.
 */
export function binarizedKernels(model: LayersModel): BinarizedKernel[] {
  const kernels: BinarizedKernel[] = [];
  for (const layer of model.layers) {
    if (!isQuantizedLayer(layer) || layer.kernelEstimator === null || layer.kernelBits !== 1) continue;
    const variable = layer.weights.find((w) => w.originalName === `${layer.name}/kernel`);
    if (variable === undefined) {
      throw new Error(`binarizedKernels: layer '${layer.name}' has a kernel estimator but no built kernel; call the model once (or build it) first.`);
    }
    kernels.push({ layerName: layer.name, variable });
  }
  return kernels;
}

/** The current values of the kernels (the variables themselves: do not dispose them). */
export function kernelValues(kernels: readonly BinarizedKernel[]): Tensor[] {
  return kernels.map((k) => k.variable.read());
}

/**
 * The gradients of the kernels picked out of a gradient map keyed by variable name (what
 * `tf.variableGrads` and `optimizer.computeGradients` return). Throws naming the missing
 * variables when the map lacks one (e.g. gradients taken over a subset of the variables).
 */
export function kernelGradients(kernels: readonly BinarizedKernel[], grads: NamedTensorMap): Tensor[] {
  const missing = kernels.filter((k) => grads[k.variable.name] === undefined).map((k) => k.variable.name);
  if (missing.length > 0) {
    throw new RangeError(
      `kernelGradients: no gradient for ${missing.join(', ')}; the map holds ${Object.keys(grads).join(', ') || '(nothing)'}. ` +
        `Take gradients with respect to every trainable variable of the model.`,
    );
  }
  return kernels.map((k) => grads[k.variable.name]);
}
