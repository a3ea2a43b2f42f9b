import onnxProto from 'onnx-proto';
import { foldIntoFloatLayers } from '../lower/fold-float.js';
import type { IrConv2D, IrDense, IrGraph, IrOp } from '../lower/graph.js';
import { UnexportableLayerError } from '../lower/errors.js';

const { onnx } = onnxProto;

/** ONNX's opset the graph uses, and the IR version of the file. */
export const ONNX_OPSET = 17;
const IR_VERSION = 8;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

type Attribute = onnxProto.onnx.IAttributeProto;

/** The nodes and initializers of the graph being written. */
class OnnxGraph {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private count = 0;

  /** A node with one output; returns the output's name. */
  node(opType: string, inputs: string[], name: string, attributes: Attribute[] = []): string {
    const output = `${name}:${this.count++}`;
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute: attributes });
    return output;
  }

  floats(name: string, data: Float32Array, dims: number[]): string {
    const id = `${name}:${this.count++}`;
    this.initializers.push({ name: id, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) });
    return id;
  }

  int64s(name: string, values: number[]): string {
    const id = `${name}:${this.count++}`;
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name: id, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return id;
  }
}

const ints = (name: string, values: number[]): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const int = (name: string, value: number): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
const float = (name: string, value: number): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value });
const INT64_MAX = Number.MAX_SAFE_INTEGER;

/** sign with 0 → +1: Sign(Sign(x) + 0.5). */
function binarySign(g: OnnxGraph, name: string, x: string): string {
  const half = g.floats(`${name}/half`, new Float32Array([0.5]), []);
  return g.node('Sign', [g.node('Add', [g.node('Sign', [x], name), half], name)], name);
}

function batchNorm(g: OnnxGraph, name: string, x: string, bn: NonNullable<IrConv2D['batchNorm']>): string {
  const c = [bn.gamma.length];
  const inputs = [x, g.floats(`${name}/gamma`, bn.gamma, c), g.floats(`${name}/beta`, bn.beta, c), g.floats(`${name}/mean`, bn.mean, c), g.floats(`${name}/variance`, bn.variance, c)];
  return g.node('BatchNormalization', inputs, name, [float('epsilon', bn.epsilon)]);
}

function kernelOp(g: OnnxGraph, op: IrConv2D | IrDense, x: string): string {
  const input = op.inputQuant === 'sign' ? binarySign(g, op.name, x) : x;
  let y: string;
  if (op.op === 'conv2d') {
    const [kh, kw] = op.kernel;
    const { channels: c, filters: k } = op;
    const oihw = new Float32Array(op.weights.values.length);
    for (let o = 0; o < k; o++)
      for (let ci = 0; ci < c; ci++)
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) oihw[((o * c + ci) * kh + ky) * kw + kx] = op.weights.values[((ky * kw + kx) * c + ci) * k + o];
    const inputs = [input, g.floats(`${op.name}/weight`, oihw, [k, c, kh, kw])];
    if (op.bias !== undefined) inputs.push(g.floats(`${op.name}/bias`, op.bias, [k]));
    const [ph, pw] = op.padding;
    y = g.node('Conv', inputs, op.name, [ints('kernel_shape', [kh, kw]), ints('strides', op.strides), ints('pads', [ph, pw, ph, pw]), ints('dilations', [1, 1])]);
  } else {
    const weight = g.floats(`${op.name}/weight`, op.weights.values, [op.features, op.units]);
    y =
      op.bias === undefined
        ? g.node('MatMul', [input, weight], op.name)
        : g.node('Gemm', [input, weight, g.floats(`${op.name}/bias`, op.bias, [op.units])], op.name);
  }
  if (op.relu) y = g.node('Relu', [y], op.name);
  if (op.batchNorm !== undefined) y = batchNorm(g, op.name, y, op.batchNorm);
  return y;
}

function lower(g: OnnxGraph, op: IrOp, x: string[]): string {
  switch (op.op) {
    case 'conv2d':
    case 'dense':
      return kernelOp(g, op, x[0]);
    case 'batchNorm':
      return batchNorm(g, op.name, x[0], op.batchNorm);
    case 'relu':
      return g.node('Relu', x, op.name);
    case 'add':
      return g.node('Add', x, op.name);
    case 'maxPool': {
      const [ph, pw] = op.padding;
      return g.node('MaxPool', x, op.name, [ints('kernel_shape', op.size), ints('strides', op.strides), ints('pads', [ph, pw, ph, pw])]);
    }
    case 'globalAveragePool':
      return g.node('Flatten', [g.node('GlobalAveragePool', x, op.name)], op.name, [int('axis', 1)]);
    case 'subsample':
      return g.node('Slice', [x[0], g.int64s(`${op.name}/starts`, [0, 0]), g.int64s(`${op.name}/ends`, [INT64_MAX, INT64_MAX]), g.int64s(`${op.name}/axes`, [2, 3]), g.int64s(`${op.name}/steps`, [op.stride, op.stride])], op.name);
    case 'padChannels':
      return g.node('Pad', [x[0], g.int64s(`${op.name}/pads`, [0, op.before, 0, 0, 0, op.after, 0, 0])], op.name);
    case 'pad': {
      const [top, bottom, left, right] = op.pads;
      return g.node('Pad', [x[0], g.int64s(`${op.name}/pads`, [0, 0, top, left, 0, 0, bottom, right])], op.name);
    }
    case 'flatten': {
      // values are NCHW here: the (height, width, channel) order needs them channels-last first
      const source = op.order === 'hwc' ? g.node('Transpose', x, op.name, [ints('perm', [0, 2, 3, 1])]) : x[0];
      return g.node('Flatten', [source], op.name, [int('axis', 1)]);
    }
    case 'permute':
      throw new UnexportableLayerError(op.layers[0], `permutes axes ${JSON.stringify(op.dims)} other than before a flatten`, 'onnx', []);
  }
}

/**
 * Writes `graph` as an ONNX model (opset 17) of standard operators: Conv, Gemm/MatMul, Sign (as
 * Sign(Sign(x) + 0.5) for inputs that are binarised), Relu, BatchNormalization (or folded into
 * the layer beside it), Add, MaxPool, GlobalAveragePool, Slice, Pad, Transpose, Flatten. The
 * input is NHWC, as the model's, and transposed to NCHW inside the graph.
 */
export function writeOnnx(graph: IrGraph): Uint8Array {
  const folded = foldIntoFloatLayers(graph, { intoFollowingDense: true });
  const g = new OnnxGraph();
  const input = folded.input.name;
  const names = new Map<string, string>();
  names.set(input, folded.input.shape.length === 3 ? g.node('Transpose', [input], 'to_nchw', [ints('perm', [0, 3, 1, 2])]) : input);
  for (const op of folded.ops) names.set(op.name, lower(g, op, op.inputs.map((i) => names.get(i) as string)));
  g.node('Identity', [names.get(folded.output) as string], 'logits');
  g.nodes[g.nodes.length - 1].output = ['logits'];
  const dims = (shape: (number | string)[]) => ({ dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) });
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'signflow',
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: folded.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [{ name: input, type: { tensorType: { elemType: FLOAT, shape: dims(['batch', ...folded.input.shape]) } } }],
      output: [{ name: 'logits', type: { tensorType: { elemType: FLOAT, shape: dims(['batch', 'classes']) } } }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
