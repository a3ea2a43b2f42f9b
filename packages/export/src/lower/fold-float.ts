import { foldBatchNorm } from './fold.js';
import type { IrDense, IrGraph, IrOp, IrWeights } from './graph.js';

function scaled(weights: IrWeights, multiplier: Float32Array, axis: 'out' | 'in', k: number): Float32Array {
  const out = new Float32Array(weights.values.length);
  for (let i = 0; i < out.length; i++) {
    const index = axis === 'out' ? i % k : Math.floor(i / k);
    out[i] = Math.fround(weights.values[i] * multiplier[index]);
  }
  return out;
}

/**
 * Folds batch norms into float weights where that is exact up to rounding, for the formats that
 * store weights as floats (tfjs, ONNX):
 * - a convolution or dense layer followed directly by batch norm (no ReLU between): the
 *   multiplier into the kernel's output channels, the shift into the bias;
 * - a batch norm whose only consumer is a dense layer on real inputs (the ResNets' BatchNorm1d
 *   before the classifier): the multiplier into the kernel's input rows, the shift through the
 *   kernel into the bias.
 * Batch norms after a ReLU stay (`FusedBatchNormV3` / `BatchNormalization`, exact). The second
 * fold changes the logits by float rounding (about 1e-5 on logits near 100), so the tfjs export,
 * held to 1e-5, leaves it out.
 */
export function foldIntoFloatLayers(graph: IrGraph, options: { intoFollowingDense: boolean }): IrGraph {
  let ops: IrOp[] = graph.ops.map((op) => {
    if ((op.op !== 'conv2d' && op.op !== 'dense') || op.batchNorm === undefined || op.relu) return op;
    const k = op.op === 'conv2d' ? op.filters : op.units;
    const { multiplier, bias } = foldBatchNorm(op.batchNorm);
    const b = Float32Array.from(bias, (v, c) => (op.bias === undefined ? v : op.bias[c] * multiplier[c] + v));
    return { ...op, weights: { kind: 'float', values: scaled(op.weights, multiplier, 'out', k) }, bias: b, batchNorm: undefined };
  });
  if (!options.intoFollowingDense) return { ...graph, ops };
  for (const bn of ops.filter((op) => op.op === 'batchNorm')) {
    const users = ops.filter((op) => op.inputs.includes(bn.name));
    const dense = users[0];
    if (users.length !== 1 || bn.name === graph.output || dense.op !== 'dense' || dense.inputQuant !== 'none' || bn.op !== 'batchNorm') continue;
    const { multiplier, bias } = foldBatchNorm(bn.batchNorm);
    const { features, units } = dense as IrDense;
    const values = scaled(dense.weights, multiplier, 'in', units);
    const shift = new Float32Array(units);
    for (let j = 0; j < units; j++) {
      let sum = dense.bias?.[j] ?? 0;
      for (let i = 0; i < features; i++) sum += bias[i] * dense.weights.values[i * units + j];
      shift[j] = sum;
    }
    const folded: IrDense = { ...(dense as IrDense), inputs: bn.inputs as [string], weights: { kind: 'float', values }, bias: shift, layers: [...bn.layers, ...dense.layers] };
    ops = ops.filter((op) => op !== bn).map((op) => (op === dense ? folded : op));
  }
  return { ...graph, ops };
}
