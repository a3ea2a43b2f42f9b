import { foldIntoFloatLayers } from '../lower/fold-float.js';
import type { IrConv2D, IrDense, IrGraph, IrOp } from '../lower/graph.js';
import { attr, GraphBuilder } from './graph-builder.js';

/** A GraphModel's files: model.json and its one weights file. */
export interface TfjsExport {
  /** The content of `model.json`. */
  readonly modelJson: Record<string, unknown>;
  /** The content of the weights file `model.json` names. */
  readonly weights: Uint8Array;
}

/** The weights file's name in model.json. */
export const TFJS_WEIGHTS_FILE = 'weights.bin';

const T = { T: attr.float() };

/** sign with 0 → +1 in standard ops, exactly as signflow computes it: Sign(Sign(x) + 0.5). */
function binarySign(g: GraphBuilder, name: string, x: string): string {
  const half = g.floats(`${name}/half`, new Float32Array([0.5]), []);
  const s = g.node(`${name}/sign`, 'Sign', [x], T);
  return g.node(`${name}/binarised`, 'Sign', [g.node(`${name}/shifted`, 'AddV2', [s, half], T)], T);
}

function batchNorm(g: GraphBuilder, name: string, x: string, bn: NonNullable<IrConv2D['batchNorm']>): string {
  const c = [bn.gamma.length];
  return g.node(
    name,
    'FusedBatchNormV3',
    [x, g.floats(`${name}/gamma`, bn.gamma, c), g.floats(`${name}/beta`, bn.beta, c), g.floats(`${name}/mean`, bn.mean, c), g.floats(`${name}/variance`, bn.variance, c)],
    { T, U: attr.float(), epsilon: attr.f(bn.epsilon), data_format: attr.string('NHWC'), is_training: attr.bool(false) },
  );
}

function kernelOp(g: GraphBuilder, op: IrConv2D | IrDense, x: string): string {
  const input = op.inputQuant === 'sign' ? binarySign(g, op.name, x) : x;
  let y: string;
  if (op.op === 'conv2d') {
    const filter = g.floats(`${op.name}/kernel`, op.weights.values, [...op.kernel, op.channels, op.filters]);
    const [ph, pw] = op.padding;
    const explicit = ph !== 0 || pw !== 0;
    y = g.node(`${op.name}/conv`, 'Conv2D', [input, filter], {
      T,
      strides: attr.ints([1, ...op.strides, 1]),
      padding: attr.string(explicit ? 'EXPLICIT' : 'VALID'),
      ...(explicit ? { explicit_paddings: attr.ints([0, 0, ph, ph, pw, pw, 0, 0]) } : {}),
      data_format: attr.string('NHWC'),
      dilations: attr.ints([1, 1, 1, 1]),
    });
  } else {
    const kernel = g.floats(`${op.name}/kernel`, op.weights.values, [op.features, op.units]);
    y = g.node(`${op.name}/matmul`, 'MatMul', [input, kernel], { T, transpose_a: attr.bool(false), transpose_b: attr.bool(false) });
  }
  const k = op.op === 'conv2d' ? op.filters : op.units;
  if (op.bias !== undefined) y = g.node(`${op.name}/bias`, 'BiasAdd', [y, g.floats(`${op.name}/bias`, op.bias, [k])], { T, data_format: attr.string('NHWC') });
  if (op.relu) y = g.node(`${op.name}/relu`, 'Relu', [y], T);
  if (op.batchNorm !== undefined) y = batchNorm(g, `${op.name}/batch_norm`, y, op.batchNorm);
  return y;
}

function lower(g: GraphBuilder, op: IrOp, x: string[]): string {
  switch (op.op) {
    case 'conv2d':
    case 'dense':
      return kernelOp(g, op, x[0]);
    case 'batchNorm':
      return batchNorm(g, op.name, x[0], op.batchNorm);
    case 'relu':
      return g.node(op.name, 'Relu', x, T);
    case 'add':
      return g.node(op.name, 'AddV2', x, T);
    case 'maxPool': {
      const [ph, pw] = op.padding;
      const padded =
        ph === 0 && pw === 0
          ? x[0]
          : g.node(`${op.name}/pad`, 'PadV2', [x[0], g.ints(`${op.name}/paddings`, [0, 0, ph, ph, pw, pw, 0, 0], [4, 2]), g.floats(`${op.name}/minus_infinity`, new Float32Array([-Infinity]), [])], {
              T,
              Tpaddings: attr.int32(),
            });
      return g.node(op.name, 'MaxPool', [padded], {
        T,
        ksize: attr.ints([1, ...op.size, 1]),
        strides: attr.ints([1, ...op.strides, 1]),
        padding: attr.string('VALID'),
        data_format: attr.string('NHWC'),
      });
    }
    case 'globalAveragePool':
      return g.node(op.name, 'Mean', [x[0], g.ints(`${op.name}/axes`, [1, 2])], { T, Tidx: attr.int32(), keep_dims: attr.bool(false) });
    case 'subsample':
      return g.node(
        op.name,
        'StridedSlice',
        [x[0], g.ints(`${op.name}/begin`, [0, 0, 0, 0]), g.ints(`${op.name}/end`, [0, 0, 0, 0]), g.ints(`${op.name}/strides`, [1, op.stride, op.stride, 1])],
        { T, Index: attr.int32(), begin_mask: attr.int(15), end_mask: attr.int(15), ellipsis_mask: attr.int(0), new_axis_mask: attr.int(0), shrink_axis_mask: attr.int(0) },
      );
    case 'padChannels':
      return g.node(op.name, 'Pad', [x[0], g.ints(`${op.name}/paddings`, [0, 0, 0, 0, 0, 0, op.before, op.after], [4, 2])], { T, Tpaddings: attr.int32() });
    case 'pad': {
      const [top, bottom, left, right] = op.pads;
      return g.node(op.name, 'Pad', [x[0], g.ints(`${op.name}/paddings`, [0, 0, top, bottom, left, right, 0, 0], [4, 2])], { T, Tpaddings: attr.int32() });
    }
    case 'permute':
      return g.node(op.name, 'Transpose', [x[0], g.ints(`${op.name}/perm`, [0, ...op.dims])], { T, Tperm: attr.int32() });
    case 'flatten': {
      const source = op.order === 'chw' ? g.node(`${op.name}/to_chw`, 'Transpose', [x[0], g.ints(`${op.name}/perm`, [0, 3, 1, 2])], { T, Tperm: attr.int32() }) : x[0];
      return g.node(op.name, 'Reshape', [source, g.ints(`${op.name}/shape`, [-1, Number.MAX_SAFE_INTEGER])], { T, Tshape: attr.int32() });
    }
  }
}

/**
 * Writes `graph` as a TensorFlow.js GraphModel that stock `@tensorflow/tfjs` loads with
 * `loadGraphModel` and runs with no signflow package: quantised weights as their float values
 * (±α for binary kernels), binarised inputs as Sign(Sign(x) + 0.5), batch norms right after a
 * convolution or dense layer folded into it, and `FusedBatchNormV3` (exact) after a ReLU.
 */
export function writeTfjs(graph: IrGraph, metadata: Record<string, unknown> = {}): TfjsExport {
  const folded = foldIntoFloatLayers(graph, { intoFollowingDense: false });
  const g = new GraphBuilder();
  const names = new Map<string, string>();
  names.set(folded.input.name, g.node(folded.input.name, 'Placeholder', [], { dtype: attr.float(), shape: attr.shape([-1, ...folded.input.shape]) }));
  for (const op of folded.ops) names.set(op.name, lower(g, op, op.inputs.map((i) => names.get(i) as string)));
  const output = g.node('logits', 'Identity', [names.get(folded.output) as string], T);
  // A flatten reshapes to [-1, features], the features following from the static input shape.
  fixFlattenShapes(g, folded);
  const bytes = g.weights.reduce((n, w) => n + w.data.byteLength, 0);
  const weights = new Uint8Array(bytes);
  let at = 0;
  for (const w of g.weights) {
    weights.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), at);
    at += w.data.byteLength;
  }
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'signflow',
    convertedBy: '@signflow/export',
    modelTopology: { node: g.nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: g.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }],
    signature: {
      inputs: { [folded.input.name]: { name: `${names.get(folded.input.name)}:0`, dtype: 'DT_FLOAT', tensorShape: { dim: [-1, ...folded.input.shape].map((d) => ({ size: String(d) })) } } },
      outputs: { logits: { name: `${output}:0`, dtype: 'DT_FLOAT' } },
    },
    userDefinedMetadata: metadata,
  };
  return { modelJson, weights };
}

/** Sets each flatten's reshape target to [-1, features] from the shapes the graph implies. */
function fixFlattenShapes(g: GraphBuilder, graph: IrGraph): void {
  const shapes = new Map<string, number[]>([[graph.input.name, graph.input.shape]]);
  for (const op of graph.ops) {
    const s = shapes.get(op.inputs[0]) as number[];
    let out: number[];
    switch (op.op) {
      case 'conv2d':
        out = [Math.floor((s[0] + 2 * op.padding[0] - op.kernel[0]) / op.strides[0]) + 1, Math.floor((s[1] + 2 * op.padding[1] - op.kernel[1]) / op.strides[1]) + 1, op.filters];
        break;
      case 'dense':
        out = [op.units];
        break;
      case 'maxPool':
        out = [Math.floor((s[0] + 2 * op.padding[0] - op.size[0]) / op.strides[0]) + 1, Math.floor((s[1] + 2 * op.padding[1] - op.size[1]) / op.strides[1]) + 1, s[2]];
        break;
      case 'globalAveragePool':
        out = [s[2]];
        break;
      case 'subsample':
        out = [Math.ceil(s[0] / op.stride), Math.ceil(s[1] / op.stride), s[2]];
        break;
      case 'padChannels':
        out = [s[0], s[1], s[2] + op.before + op.after];
        break;
      case 'pad':
        out = [s[0] + op.pads[0] + op.pads[1], s[1] + op.pads[2] + op.pads[3], s[2]];
        break;
      case 'permute':
        out = op.dims.map((d) => s[d - 1]);
        break;
      case 'flatten': {
        const features = s.reduce((a, b) => a * b, 1);
        out = [features];
        const shapeConst = g.weights.find((w) => w.name === `${op.name}/shape`);
        if (shapeConst !== undefined) shapeConst.data[1] = features;
        break;
      }
      default:
        out = s;
    }
    shapes.set(op.name, out);
  }
}
