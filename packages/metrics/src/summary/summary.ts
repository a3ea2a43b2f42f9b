import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { layers } from '@tensorflow/tfjs-layers';
import { isContainer, summarizeLayer } from './layer-summary.js';
import type { LayerSummary, ModelSummary, SummaryTotals } from './types.js';

function flatten(layerList: readonly layers.Layer[], prefix: string, into: LayerSummary[]): void {
  for (const layer of layerList) {
    if (isContainer(layer)) flatten(layer.layers, `${prefix}${layer.name}/`, into);
    else into.push(summarizeLayer(layer, prefix));
  }
}

/**
 * The bit-aware summary of `model` (Larq style: weight → layer → model profiles; format it with
 * {@link formatSummary}). Accounting rules:
 * - a weight is stored at the bit-width its layer declares for it: the kernel of a quantised
 *   layer at its estimator's bits, everything else (biases, BN, FP layers) at 32 bits;
 * - plain tfjs layers declare nothing and are counted as 32-bit, with a note;
 * - memory adds the 32-bit kernel scale factors α a deployed quantised layer stores, and counts a
 *   batch norm as deployed: folded into a multiplier and a bias per channel (its four parameters
 *   per channel still count as parameters);
 * - MACs per sample are binary when both the input and the kernel are 1-bit, floating otherwise;
 * - the float-32 equivalent stores every weight in float32; the compression ratio divides it by
 *   the memory.
 */
export function summary(model: LayersModel): ModelSummary {
  const rows: LayerSummary[] = [];
  flatten(model.layers, '', rows);
  const paramsByBits: Record<number, number> = {};
  let params = 0;
  let trainableParams = 0;
  let memoryBits = 0;
  let scaleFactors = 0;
  let binaryMacs = 0;
  let floatMacs = 0;
  for (const row of rows) {
    for (const w of row.weights) {
      params += w.count;
      if (w.trainable) trainableParams += w.count;
      paramsByBits[w.bits] = (paramsByBits[w.bits] ?? 0) + w.count;
    }
    memoryBits += row.memoryBits;
    scaleFactors += row.scaleFactors;
    binaryMacs += row.binaryMacs;
    floatMacs += row.floatMacs;
  }
  const memoryBytes = memoryBits / 8;
  const float32Bytes = params * 4;
  const totals: SummaryTotals = {
    params,
    trainableParams,
    nonTrainableParams: params - trainableParams,
    paramsByBits,
    binaryParams: paramsByBits[1] ?? 0,
    scaleFactors,
    memoryBytes,
    float32Bytes,
    compressionRatio: memoryBytes === 0 ? 1 : float32Bytes / memoryBytes,
    binaryMacs,
    floatMacs,
    undeclaredLayers: rows.filter((r) => r.precision === 'assumed-32-bit').map((r) => r.name),
  };
  return { name: model.name, layers: rows, totals };
}
