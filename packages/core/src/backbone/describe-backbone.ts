import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isQuantizedLayer } from '../layers/quantized-layer.js';

/** One layer of a {@link BackboneDescription}. */
export interface LayerDescription {
  /** The layer's name. */
  readonly name: string;
  /** The layer's class, e.g. `'signflow>QuantConv2D'`. */
  readonly className: string;
  /** Output shape, batch axis first (null). */
  readonly outputShape: (number | null)[];
  /** Learnable parameters (BatchNorm running statistics excluded). */
  readonly params: number;
  /** Parameters whose forward value is quantised: the kernel of a layer with a weight estimator. */
  readonly quantizedParams: number;
  /** Bit-width of the kernel in the forward pass (32: full precision, or no kernel). */
  readonly kernelBits: number;
  /** Bit-width of the input in the forward pass (32: real-valued). */
  readonly inputBits: number;
}

/** What a backbone is made of, for documentation and sanity checks. */
export interface BackboneDescription {
  /** The model's name. */
  readonly name: string;
  /** Every layer, in order. */
  readonly layers: LayerDescription[];
  /** Total learnable parameters (equals `model.countParams()` for the signflow backbones). */
  readonly totalParams: number;
  /** Parameters quantised in the forward pass (binary weights with a 1-bit estimator). */
  readonly quantizedParams: number;
  /** Parameters kept in full precision: stem, shortcuts, classifier, normalisation, biases. */
  readonly fullPrecisionParams: number;
  /** Number of layers whose kernel is quantised. */
  readonly quantizedLayers: number;
}

/**
 * Describes `model` layer by layer: parameter counts, and which weights and inputs are quantised.
 * A kernel counts as quantised when its layer's kernel estimator has fewer than 32 bits.
 */
export function describeBackbone(model: LayersModel): BackboneDescription {
  const rows = model.layers.map((layer): LayerDescription => {
    const quantized = isQuantizedLayer(layer);
    const kernelBits = quantized ? layer.kernelBits : 32;
    const kernels = layer.weights.filter((w) => w.originalName.endsWith('/kernel'));
    const outputShape = layer.outputShape as (number | null)[];
    return {
      name: layer.name,
      className: layer.getClassName(),
      outputShape,
      params: layer.countParams(),
      quantizedParams: kernelBits < 32 ? kernels.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0) : 0,
      kernelBits,
      inputBits: quantized ? layer.inputBits : 32,
    };
  });
  const totalParams = rows.reduce((sum, row) => sum + row.params, 0);
  const quantizedParams = rows.reduce((sum, row) => sum + row.quantizedParams, 0);
  return {
    name: model.name,
    layers: rows,
    totalParams,
    quantizedParams,
    fullPrecisionParams: totalParams - quantizedParams,
    quantizedLayers: rows.filter((row) => row.quantizedParams > 0).length,
  };
}
