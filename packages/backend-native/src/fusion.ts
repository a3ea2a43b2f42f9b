/**
 * Element-wise fusion. A native element-wise kernel (unary, binary, comparison, logical, select,
 * clip, fill, bool ↔ float32 cast) whose operands all have the output's shape or hold one element
 * does not compute: it returns a deferred output that carries an expression over its operands,
 * and an element-wise kernel given such an output extends the expression instead of reading it.
 * The first kernel or read that needs the values evaluates the whole chain in one pass (`fused`
 * in the addon), with every intermediate in registers of a few hundred elements. A sign
 * estimator's `(x >= 0) → float → × 2 → − 1` then reads `x` once and writes once, instead of four
 * reads and four writes; a pseudo-gradient's `where(|x| <= t, dy, zerosLike(dy))` reads `x` and
 * `dy` and writes once. Each operation is the same function as the unfused kernel's, so results
 * are identical.
 *
 * An expression refers to materialised tensors only (its leaves), held alive by the deferred
 * output until it is computed or disposed (see `NativeBackend.deferred`). A subexpression that
 * several operations share (the same deferred tensor read twice, such as `|x|` in a rule with
 * several branches) is evaluated once. Small outputs are computed at once: deferring them costs
 * more than a pass over them.
 */
import { Add, Multiply, Sub, util, type backend_util, type DataId, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { binaryCode } from './opcodes.js';
import { snapshot } from './snapshot.js';
import { sameShape } from './shapes.js';

/** An element-wise expression over materialised tensors and constants. */
export type Expr =
  | { readonly kind: 'leaf'; readonly info: TensorInfo }
  | { readonly kind: 'constant'; readonly value: number }
  /** A per-channel vector: element i of the data takes `values[i % values.length]` (NHWC, [C]). */
  | { readonly kind: 'channel'; readonly values: Float32Array }
  | { readonly kind: 'unary'; readonly code: number; readonly alpha: number; readonly x: Expr }
  | { readonly kind: 'binary'; readonly code: number; readonly a: Expr; readonly b: Expr }
  | { readonly kind: 'ternary'; readonly code: number; readonly a: Expr; readonly b: Expr; readonly c: Expr };

/** An operand of a fused operation: a tensor, or a number (a float32 constant). */
export type Operand = TensorInfo | number;

/** Outputs with fewer elements are computed at once. */
const MIN_FUSED_ELEMENTS = 1 << 14;
/** The most instructions of one program: each takes at most one of the addon's 32 registers. */
const MAX_INSTRUCTIONS = 32;
/** The longest per-channel vector the addon takes (its block length). */
export const MAX_FUSED_CHANNELS = 256;

// Instruction and operand kinds shared with native/elementwise.cc; an instruction is
// [kind, code, dst, aKind, a, bKind, b, cKind, c].
const UNARY = 0;
const BINARY = 1;
const LOAD_U8 = 2;
const TERNARY = 3;
const REGISTER = 0;
const LEAF = 1;
const SCALAR = 2;
const CHANNEL = 3;

/** The operands of an expression node. */
function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.x];
    case 'binary':
      return [e.a, e.b];
    case 'ternary':
      return [e.a, e.b, e.c];
    default:
      return [];
  }
}

/** The instructions evaluating all of `roots` takes: each operation once, and one load per bool leaf. */
function instructions(roots: readonly Expr[]): number {
  const operations = new Set<Expr>();
  const boolLeaves = new Set<DataId>();
  const visit = (e: Expr): void => {
    if (e.kind === 'leaf' && e.info.dtype === 'bool') boolLeaves.add(e.info.dataId);
    if (operations.has(e)) return;
    if (e.kind === 'unary' || e.kind === 'binary' || e.kind === 'ternary') operations.add(e);
    for (const child of children(e)) visit(child);
  };
  for (const root of roots) visit(root);
  return operations.size + boolLeaves.size;
}

/** The length of the per-channel vectors in `e` (all equal, see `operands`), or 1 if none. */
function period(e: Expr): number {
  if (e.kind === 'channel') return e.values.length;
  return Math.max(1, ...children(e).map(period));
}

/** What fusion needs of its backend (the native backend; named here so the two modules do not import each other). */
export interface FusionHost {
  readonly addon: Pick<NativeAddon, 'fused'>;
  /** Whether `info` is a deferred output not computed yet. */
  isDeferred(info: TensorInfo): boolean;
  /** The backing array of a tensor, computing a deferred one. */
  valuesOf(info: TensorInfo): backend_util.BackendValues;
  /** A new output of `shape` and its array. */
  output(shape: readonly number[], dtype: 'float32' | 'bool'): { info: TensorInfo; values: Float32Array | Uint8Array };
  /** An output computed by `compute` when first read, holding `sources` until then. */
  deferred(shape: readonly number[], dtype: 'float32' | 'bool', sources: readonly TensorInfo[], compute: (out: Float32Array | Uint8Array) => void): TensorInfo;
}

/** Builds deferred element-wise outputs for one backend. */
export class Fusion {
  private readonly expressions = new WeakMap<DataId, Expr>();

  constructor(private readonly backend: FusionHost) {}

  /** Whether every operand has `shape` or holds one element. */
  elementwise(shape: readonly number[], ...operands: readonly TensorInfo[]): boolean {
    return operands.every((o) => sameShape(o.shape, shape) || util.sizeFromShape(o.shape as number[]) === 1);
  }

  /** Whether an element-wise output of `shape` over `operands` is deferred. */
  fusable(shape: readonly number[], ...operands: readonly TensorInfo[]): boolean {
    return util.sizeFromShape(shape as number[]) >= MIN_FUSED_ELEMENTS && this.elementwise(shape, ...operands);
  }

  /** `op(x)` for unary op `code` (with its `alpha`); `dtype` is bool for a logical not. */
  unary(code: number, alpha: number, x: TensorInfo, dtype: 'float32' | 'bool' = 'float32'): TensorInfo {
    const [ex] = this.operands([x]);
    return this.output(x.shape, dtype, { kind: 'unary', code, alpha, x: ex as Expr });
  }

  /** `op(a, b)` for binary op `code` (a comparison or logical op when `dtype` is bool); an operand may be a constant. */
  binary(code: number, a: Operand, b: Operand, shape: readonly number[], dtype: 'float32' | 'bool'): TensorInfo {
    const [ea, eb] = this.operands([a, b]);
    return this.output(shape, dtype, { kind: 'binary', code, a: ea as Expr, b: eb as Expr });
  }

  /** `op(a, b, c)` for ternary op `code`; an operand may be a constant. */
  ternary(code: number, operands: readonly [Operand, Operand, Operand], shape: readonly number[]): TensorInfo {
    const [a, b, c] = this.operands(operands);
    return this.output(shape, 'float32', { kind: 'ternary', code, a: a as Expr, b: b as Expr, c: c as Expr });
  }

  /** A tensor of `shape` holding `value` everywhere: no memory until read, a constant to the kernels that extend it. */
  constant(shape: readonly number[], dtype: 'float32' | 'bool', value: number): TensorInfo {
    return this.output(shape, dtype, { kind: 'constant', value: dtype === 'bool' ? Number(value !== 0) : Math.fround(value) });
  }

  /**
   * `(x - mean) * gain + offset` per channel (the last axis), deferred: batch normalisation with
   * its statistics folded into `gain = scale / sqrt(variance + epsilon)`. Needs at most
   * `MAX_FUSED_CHANNELS` channels.
   */
  normalize(x: TensorInfo, mean: Float32Array, gain: Float32Array, offset: Float32Array): TensorInfo {
    const [ex] = this.operands([x]);
    const centred: Expr = { kind: 'binary', code: binaryCode(Sub), a: ex as Expr, b: { kind: 'channel', values: mean } };
    const scaled: Expr = { kind: 'binary', code: binaryCode(Multiply), a: centred, b: { kind: 'channel', values: gain } };
    return this.output(x.shape, 'float32', { kind: 'binary', code: binaryCode(Add), a: scaled, b: { kind: 'channel', values: offset } });
  }

  /** `x` (bool) as float32: the same expression, written as floats. */
  boolToFloat(x: TensorInfo): TensorInfo {
    // A bool leaf's program is its load; a bool constant fills the output with 0 or 1.
    const [ex] = this.operands([x]);
    return this.output(x.shape, 'float32', ex as Expr);
  }

  /**
   * The expressions of operands: a constant for a number or a one-element tensor, a deferred
   * tensor's own expression (inlined while the program stays within the addon's registers), or
   * else a leaf.
   */
  private operands(values: readonly Operand[]): Expr[] {
    const own = values.map((v) => (typeof v === 'number' ? undefined : this.inlinable(v)));
    const asLeaf = (v: Operand): Expr => (typeof v === 'number' ? { kind: 'constant', value: Math.fround(v) } : this.leafOrConstant(v));
    const chosen = values.map((v, i) => own[i] ?? asLeaf(v));
    // Largest first, operands are read as leaves (materialised) until the program fits.
    for (;;) {
      if (instructions(chosen) <= MAX_INSTRUCTIONS - 1) return chosen;
      const sizes = chosen.map((e, i) => (e === own[i] ? instructions([e]) : -1));
      const largest = sizes.indexOf(Math.max(...sizes));
      if ((sizes[largest] as number) < 0) return chosen;
      chosen[largest] = asLeaf(values[largest] as Operand);
    }
  }

  /** The expression of a deferred operand, when it can be inlined. */
  private inlinable(info: TensorInfo): Expr | undefined {
    const own = this.backend.isDeferred(info) ? this.expressions.get(info.dataId) : undefined;
    if (own === undefined) return undefined;
    // A per-channel period belongs to the data's layout: a reshape that keeps the last axis keeps
    // it valid, another does not. Operands have the output's shape (or one element), so every
    // inlined period equals the output's last axis and one pass serves them all.
    const ownPeriod = period(own);
    return ownPeriod === 1 || ownPeriod === info.shape.at(-1) ? own : undefined;
  }

  private leafOrConstant(info: TensorInfo): Expr {
    if (util.sizeFromShape(info.shape as number[]) === 1) {
      return { kind: 'constant', value: (this.backend.valuesOf(info) as Float32Array | Uint8Array)[0] as number };
    }
    return { kind: 'leaf', info: snapshot(info) };
  }

  /** Defers `expr` into an output of `shape`, or computes it now when that is small. */
  private output(shape: readonly number[], dtype: 'float32' | 'bool', expr: Expr): TensorInfo {
    const leaves = new Map<DataId, TensorInfo>();
    const collect = (e: Expr): void => {
      if (e.kind === 'leaf') leaves.set(e.info.dataId, e.info);
      for (const child of children(e)) collect(child);
    };
    collect(expr);
    const sources = [...leaves.values()];
    const backend = this.backend;
    const compute = (out: Float32Array | Uint8Array): void => {
      if (expr.kind === 'constant') {
        out.fill(expr.value);
        return;
      }
      const { program, constants, channels, period } = compile(expr, sources);
      const leafValues = sources.map((s) => backend.valuesOf(s) as Float32Array | Uint8Array);
      backend.addon.fused(program, leafValues, constants, channels, period, out);
    };
    if (util.sizeFromShape(shape as number[]) < MIN_FUSED_ELEMENTS) {
      const out = backend.output(shape, dtype);
      compute(out.values);
      return out.info;
    }
    // Once computed, the output is read as a leaf like any other tensor: its expression (and,
    // through its leaves' data ids, the expressions of what it was made from) must not stay
    // reachable. Kept, a variable updated every step by a deferred chain would hold the
    // expressions of all its past values.
    const info = backend.deferred(shape, dtype, sources, (out) => {
      this.expressions.delete(info.dataId);
      compute(out);
    });
    this.expressions.set(info.dataId, expr);
    return info;
  }
}

/**
 * The addon's program for `expr`, in evaluation order, the root last: one instruction per
 * operation (a shared subexpression once), each writing a register that is reused once no later
 * instruction reads it; float32 leaves, constants and per-channel vectors are read in place by
 * the operations that take them.
 */
export function compile(
  expr: Expr,
  leaves: readonly TensorInfo[],
): { program: Int32Array; constants: Float32Array; channels: Float32Array; period: number; registers: number } {
  // Index 0 is the alpha of unary ops that take none.
  const constants: number[] = [0];
  const channels: number[] = [];
  const channelOffsets = new Map<Float32Array, number>();
  // Instructions in evaluation order, with the nodes whose registers each reads.
  const order: { node: Expr; fields: number[]; reads: Expr[] }[] = [];
  // Operations already emitted (a shared node once), and the load of each bool leaf by data id.
  const emitted = new Set<Expr>();
  const loads = new Map<DataId, Expr>();
  // An operand as [kind, index] (a register's index is filled in below), emitting what computes it.
  const operand = (e: Expr): { fields: [number, number]; node?: Expr } => {
    switch (e.kind) {
      case 'leaf': {
        const index = leaves.findIndex((l) => l.dataId === e.info.dataId);
        if (e.info.dtype !== 'bool') return { fields: [LEAF, index] };
        // One load per bool leaf, however many nodes refer to it.
        let node = loads.get(e.info.dataId);
        if (node === undefined) {
          node = e;
          loads.set(e.info.dataId, node);
          order.push({ node, fields: [LOAD_U8, 0, -1, LEAF, index, SCALAR, 0, SCALAR, 0], reads: [] });
        }
        return { fields: [REGISTER, -1], node };
      }
      case 'constant':
        return { fields: [SCALAR, constants.push(e.value) - 1] };
      case 'channel': {
        let offset = channelOffsets.get(e.values);
        if (offset === undefined) {
          offset = channels.length;
          channels.push(...e.values);
          channelOffsets.set(e.values, offset);
        }
        return { fields: [CHANNEL, offset] };
      }
      default: {
        if (emitted.has(e)) return { fields: [REGISTER, -1], node: e };
        const args = e.kind === 'unary' ? [operand(e.x), { fields: [SCALAR, constants.push(e.alpha) - 1] as [number, number] }] : children(e).map(operand);
        const kind = e.kind === 'unary' ? UNARY : e.kind === 'binary' ? BINARY : TERNARY;
        const fields = [kind, e.code, -1, ...args.flatMap((a) => a.fields)];
        // Unused operand slots name constant 0, never a register.
        while (fields.length < 9) fields.push(SCALAR, 0);
        order.push({ node: e, fields, reads: args.flatMap((a) => (a.node === undefined ? [] : [a.node])) });
        emitted.add(e);
        return { fields: [REGISTER, -1], node: e };
      }
    }
  };
  const root = operand(expr);
  if (root.node === undefined) throw new Error('A fused expression must end in an operation.');
  // Registers: each instruction takes a free one, and a register is freed after its last reader
  // has taken its own destination, so that no instruction writes one of its operands.
  const lastRead = new Map<Expr, number>();
  order.forEach(({ reads }, k) => {
    for (const node of reads) lastRead.set(node, k);
  });
  const registerOf = new Map<Expr, number>();
  const free: number[] = [];
  let registers = 0;
  const program: number[] = [];
  order.forEach(({ node, fields, reads }, k) => {
    // Register operands, in slot order, are the nodes in `reads`.
    let next = 0;
    for (const slot of [3, 5, 7]) if (fields[slot] === REGISTER) fields[slot + 1] = registerOf.get(reads[next++] as Expr) as number;
    const dst = free.pop() ?? registers++;
    fields[2] = dst;
    registerOf.set(node, dst);
    program.push(...fields);
    for (const read of new Set(reads)) if (lastRead.get(read) === k) free.push(registerOf.get(read) as number);
  });
  return {
    program: Int32Array.from(program),
    constants: Float32Array.from(constants),
    // Never empty: the addon takes a Float32Array either way.
    channels: Float32Array.from(channels.length > 0 ? channels : [0]),
    period: period(expr),
    registers,
  };
}
