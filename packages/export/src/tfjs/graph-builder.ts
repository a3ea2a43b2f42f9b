/**
 * Builds a TensorFlow GraphDef in the JSON form tfjs-converter's GraphModel reads (the
 * `modelTopology` of a converted model's model.json), with constants in the weights manifest.
 */
type Attr = Record<string, unknown>;

/** One node of the graph. */
export interface GraphNode {
  readonly name: string;
  readonly op: string;
  readonly input?: string[];
  readonly attr?: Record<string, Attr>;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Attribute values in GraphDef JSON. */
export const attr = {
  float: (): Attr => ({ type: 'DT_FLOAT' }),
  int32: (): Attr => ({ type: 'DT_INT32' }),
  ints: (values: number[]): Attr => ({ list: { i: values.map(String) } }),
  int: (value: number): Attr => ({ i: String(value) }),
  string: (value: string): Attr => ({ s: base64(value) }),
  f: (value: number): Attr => ({ f: value }),
  bool: (value: boolean): Attr => ({ b: value }),
  shape: (dims: number[]): Attr => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } }),
};

/** The graph's nodes and the constants they read, in the order written. */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly weights: { name: string; shape: number[]; dtype: 'float32' | 'int32'; data: Float32Array | Int32Array }[] = [];
  private used = new Set<string>();

  /** A unique node name from `wanted`. */
  unique(wanted: string): string {
    let name = wanted.replace(/[^A-Za-z0-9_./-]/g, '_');
    for (let i = 1; this.used.has(name); i++) name = `${wanted}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node and returns its name. */
  node(name: string, op: string, input: string[], attrs: Record<string, Attr> = {}): string {
    const unique = this.unique(name);
    this.nodes.push({ name: unique, op, input, attr: attrs });
    return unique;
  }

  /** A float32 constant. */
  floats(name: string, data: Float32Array, shape: number[]): string {
    return this.constant(name, 'float32', data, shape);
  }

  /** An int32 constant. */
  ints(name: string, values: number[], shape = [values.length]): string {
    return this.constant(name, 'int32', Int32Array.from(values), shape);
  }

  private constant(name: string, dtype: 'float32' | 'int32', data: Float32Array | Int32Array, shape: number[]): string {
    const unique = this.unique(name);
    const dt = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({
      name: unique,
      op: 'Const',
      attr: { value: { tensor: { dtype: dt, tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } }, dtype: { type: dt } },
    });
    this.weights.push({ name: unique, shape, dtype, data });
    return unique;
  }
}
