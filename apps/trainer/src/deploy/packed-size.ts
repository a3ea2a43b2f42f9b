import type { LayersModel } from '@tensorflow/tfjs-layers';
import { lowerModel, predictPackedSize, UnexportableLayerError, type PackedMetadata, type PackedSizePrediction } from '@signflow/export';
import { groupDigits } from '@signflow/metrics';

/**
 * The packed file `signflow export --format packed` would write for `model`, predicted from the
 * summary's memory (the weights) and the manifest of its architecture and `metadata`; or why the
 * format cannot express the model.
 */
export function predictPackedFile(model: LayersModel, memoryBytes: number, metadata: PackedMetadata = {}): PackedSizePrediction | { readonly unexportable: string } {
  try {
    return predictPackedSize(lowerModel(model), memoryBytes, metadata);
  } catch (error) {
    if (error instanceof UnexportableLayerError) return { unexportable: error.message };
    throw error;
  }
}

/** The summary's line on the packed file. */
export function packedPredictionLine(prediction: ReturnType<typeof predictPackedFile>): string {
  if ('unexportable' in prediction) return `Packed file: not possible (${prediction.unexportable})`;
  const { file, weights, manifest, header } = prediction;
  return `Packed file (signflow export --format packed): ${groupDigits(file)} bytes = ${groupDigits(weights)} of weights (the memory above) + ${groupDigits(manifest)} of manifest (architecture and metadata, JSON) + ${groupDigits(header)} of header and alignment`;
}

/** `actual` against `predicted`, as a signed percentage. */
export function differencePercent(actual: number, predicted: number): string {
  const pct = ((actual - predicted) / predicted) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)} %`;
}
