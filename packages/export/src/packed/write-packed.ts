import { packedFileLayout, writePackedFile, type ManifestDraft, type PackedOp, type Preprocessing } from '@signflow/infer';
import { UnexportableLayerError, type ExportFormat } from '../lower/errors.js';
import { foldBatchNorm } from '../lower/fold.js';
import type { IrConv2D, IrDense, IrGraph, IrOp } from '../lower/graph.js';
import { PayloadBuilder } from './payload.js';

/** What a packed file says besides the network. */
export interface PackedMetadata {
  readonly classes?: string[];
  readonly preprocessing?: Preprocessing;
  readonly source?: Record<string, unknown>;
}

/** Throws unless every operation of `graph` fits the packed format. */
export function checkPackable(graph: IrGraph, canAlso: readonly ExportFormat[]): void {
  for (const op of graph.ops) {
    if ((op.op === 'conv2d' || op.op === 'dense') && op.weights.kind === 'quantized') {
      throw new UnexportableLayerError(op.layers[0], `has ${op.weights.bits}-bit weights (the packed format stores 1-bit or float32 weights)`, 'packed', canAlso);
    }
    if (op.op === 'permute') throw new UnexportableLayerError(op.layers[0], `permutes axes ${JSON.stringify(op.dims)} other than before a flatten`, 'packed', canAlso.filter((f) => f !== 'onnx' && f !== 'tfjs'));
  }
}

function kernelOp(op: IrConv2D | IrDense, payload: PayloadBuilder): PackedOp {
  const k = op.op === 'conv2d' ? op.filters : op.units;
  const n = op.weights.values.length / k;
  let weights: Extract<PackedOp, { op: 'conv2d' }>['weights'];
  if (op.weights.kind === 'binary') {
    const { signs, scale, alpha } = op.weights;
    // stored output channel by output channel; the graph's kernels are HWIO / [in, out] (channel last)
    const ref = payload.signs(k * n, (i) => signs[(i % n) * k + Math.floor(i / n)] < 0);
    weights = { kind: 'binary', signs: ref, scale, ...(scale === 'none' ? {} : { alpha: payload.floats(alpha) }) };
  } else {
    weights = { kind: 'float', values: payload.floats(op.weights.values) };
  }
  const shared = {
    name: op.name,
    inputs: op.inputs,
    binaryInput: op.inputQuant === 'sign',
    weights,
    ...(op.bias === undefined ? {} : { bias: payload.floats(op.bias) }),
    ...(op.relu ? { relu: true } : {}),
    ...(op.batchNorm === undefined ? {} : { batchNorm: folded(op.batchNorm, payload) }),
  };
  return op.op === 'conv2d'
    ? { op: 'conv2d', ...shared, kernel: op.kernel, strides: op.strides, padding: op.padding, channels: op.channels, filters: op.filters }
    : { op: 'dense', ...shared, features: op.features, units: op.units };
}

function folded(bn: Parameters<typeof foldBatchNorm>[0], payload: PayloadBuilder): { multiplier: ReturnType<PayloadBuilder['floats']>; bias: ReturnType<PayloadBuilder['floats']> } {
  const { multiplier, bias } = foldBatchNorm(bn);
  return { multiplier: payload.floats(multiplier), bias: payload.floats(bias) };
}

function packedOp(op: IrOp, payload: PayloadBuilder): PackedOp {
  const base = { name: op.name };
  switch (op.op) {
    case 'conv2d':
    case 'dense':
      return kernelOp(op, payload);
    case 'batchNorm':
      return { op: 'affine', ...base, inputs: op.inputs as [string], ...folded(op.batchNorm, payload) };
    case 'relu':
      return { op: 'relu', ...base, inputs: op.inputs as [string] };
    case 'add':
      return { op: 'add', ...base, inputs: op.inputs as [string, string] };
    case 'maxPool':
      return { op: 'maxPool', ...base, inputs: op.inputs as [string], size: op.size, strides: op.strides, padding: op.padding };
    case 'globalAveragePool':
      return { op: 'globalAveragePool', ...base, inputs: op.inputs as [string] };
    case 'subsample':
      return { op: 'subsample', ...base, inputs: op.inputs as [string], stride: op.stride };
    case 'padChannels':
      return { op: 'padChannels', ...base, inputs: op.inputs as [string], before: op.before, after: op.after };
    case 'pad':
      return { op: 'pad', ...base, inputs: op.inputs as [string], pads: op.pads };
    case 'flatten':
      return { op: 'flatten', ...base, inputs: op.inputs as [string], order: op.order };
    case 'permute':
      throw new Error(`permute '${op.name}' survived the packability check`);
  }
}

/** The manifest (without the payload's size and hash) and the payload of `graph`. */
function packedParts(graph: IrGraph, metadata: PackedMetadata): { draft: ManifestDraft; payload: Uint8Array } {
  checkPackable(graph, ['tfjs', 'onnx']);
  const payload = new PayloadBuilder();
  const ops = graph.ops.map((op) => packedOp(op, payload));
  const draft: ManifestDraft = {
    name: graph.name,
    input: graph.input,
    output: graph.output,
    ...(metadata.classes === undefined ? {} : { classes: metadata.classes }),
    ...(metadata.preprocessing === undefined ? {} : { preprocessing: metadata.preprocessing }),
    ...(metadata.source === undefined ? {} : { source: metadata.source }),
    ops,
  };
  return { draft, payload: payload.finish() };
}

/**
 * Writes `graph` as a packed file (docs/export-format.md): binary weights as bits with their α,
 * batch norms folded into a multiplier and a bias per channel (the engine turns those before a
 * binarised input into integer thresholds), float layers as float32.
 */
export async function writePacked(graph: IrGraph, metadata: PackedMetadata = {}): Promise<Uint8Array> {
  const { draft, payload } = packedParts(graph, metadata);
  return writePackedFile(draft, payload);
}

/** What a packed file of a model is predicted to hold, in bytes. */
export interface PackedSizePrediction {
  /** The weights, as the caller predicts them (a summary's memory). */
  readonly weights: number;
  /** The manifest: the architecture, tensor references and metadata as JSON. */
  readonly manifest: number;
  /** The fixed header and the zeros that align the payload. */
  readonly header: number;
  /** The whole file. */
  readonly file: number;
}

/**
 * The size of the packed file of `graph` when its weights take `weightBytes` (as a bit-aware
 * summary predicts them): the manifest's size is exact, since it describes the architecture and
 * the metadata, not the weights' values.
 */
export function predictPackedSize(graph: IrGraph, weightBytes: number, metadata: PackedMetadata = {}): PackedSizePrediction {
  const { manifest, header, file } = packedFileLayout(packedParts(graph, metadata).draft, weightBytes);
  return { weights: weightBytes, manifest, header, file };
}
