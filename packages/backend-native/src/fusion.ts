/**
 * Element-wise fusion. A native element-wise kernel (unary, binary, comparison, bool → float32
 * cast) whose operands all have the output's shape or hold one element does not compute: it
 * returns a deferred output that carries an expression over its operands, and an element-wise
 * kernel given such an output extends the expression instead of reading it. The first kernel or
 * read that needs the values evaluates the whole chain in one pass (`fused` in the addon), with
 * every intermediate in registers of a few hundred elements. A sign estimator's
 * `(x >= 0) → float → × 2 → − 1` then reads `x` once and writes once, instead of four reads and
 * four writes. Each operation is the same function as the unfused kernel's, so results are
 * identical.
 *
 * An expression refers to materialised tensors only (its leaves), held alive by the deferred
 * output until it is computed or disposed (see `NativeBackend.deferred`). Small outputs are
 * computed at once: deferring them costs more than a pass over them.
 */
import { Add, Multiply, Sub, util, type DataId, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeBackend } from './backend.js';
import { floatOpCode } from './kernels/binary.js';
import { snapshot } from './snapshot.js';

/** An element-wise expression over materialised tensors and constants. */
export type Expr =
  | { readonly kind: 'leaf'; readonly info: TensorInfo }
  | { readonly kind: 'constant'; readonly value: number }
  /** A per-channel vector: element i of the data takes `values[i % values.length]` (NHWC, [C]). */
  | { readonly kind: 'channel'; readonly values: Float32Array }
  | { readonly kind: 'unary'; readonly code: number; readonly alpha: number; readonly x: Expr }
  | { readonly kind: 'binary'; readonly code: number; readonly a: Expr; readonly b: Expr };

/** Outputs with fewer elements are computed at once. */
const MIN_FUSED_ELEMENTS = 1 << 14;
/** An operand's expression is inlined up to this many nodes, else read as a leaf (≤ 32 registers in all). */
const MAX_INLINED_NODES = 12;
/** The longest per-channel vector the addon takes (its block length). */
export const MAX_FUSED_CHANNELS = 256;

// Instruction and operand kinds shared with native/elementwise.cc; an instruction is
// [kind, code, dst, aKind, a, bKind, b].
const UNARY = 0;
const BINARY = 1;
const LOAD_U8 = 2;
const REGISTER = 0;
const LEAF = 1;
const SCALAR = 2;
const CHANNEL = 3;

function nodes(e: Expr): number {
  switch (e.kind) {
    case 'unary':
      return 1 + nodes(e.x);
    case 'binary':
      return 1 + nodes(e.a) + nodes(e.b);
    default:
      return 1;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The length of the per-channel vectors in `e` (all equal, see `operand`), or 1 if none. */
function period(e: Expr): number {
  switch (e.kind) {
    case 'channel':
      return e.values.length;
    case 'unary':
      return period(e.x);
    case 'binary':
      return Math.max(period(e.a), period(e.b));
    default:
      return 1;
  }
}

/** Builds deferred element-wise outputs for one backend. */
export class Fusion {
  private readonly expressions = new WeakMap<DataId, Expr>();

  constructor(private readonly backend: NativeBackend) {}

  /** Whether an element-wise output of `shape` over `operands` is deferred. */
  fusable(shape: readonly number[], ...operands: readonly TensorInfo[]): boolean {
    if (util.sizeFromShape(shape as number[]) < MIN_FUSED_ELEMENTS) return false;
    return operands.every((o) => sameShape(o.shape, shape) || util.sizeFromShape(o.shape as number[]) === 1);
  }

  /** `op(x)` for unary op `code` (with its `alpha`), deferred. */
  unary(code: number, alpha: number, x: TensorInfo): TensorInfo {
    return this.output(x.shape, 'float32', { kind: 'unary', code, alpha, x: this.operand(x) });
  }

  /** `op(a, b)` for binary op `code` (a comparison when `dtype` is bool), deferred. */
  binary(code: number, a: TensorInfo, b: TensorInfo, shape: readonly number[], dtype: 'float32' | 'bool'): TensorInfo {
    return this.output(shape, dtype, { kind: 'binary', code, a: this.operand(a), b: this.operand(b) });
  }

  /**
   * `(x - mean) * gain + offset` per channel (the last axis), deferred: batch normalisation with
   * its statistics folded into `gain = scale / sqrt(variance + epsilon)`. Needs at most
   * `MAX_FUSED_CHANNELS` channels.
   */
  normalize(x: TensorInfo, mean: Float32Array, gain: Float32Array, offset: Float32Array): TensorInfo {
    const centred: Expr = { kind: 'binary', code: floatOpCode(Sub), a: this.operand(x), b: { kind: 'channel', values: mean } };
    const scaled: Expr = { kind: 'binary', code: floatOpCode(Multiply), a: centred, b: { kind: 'channel', values: gain } };
    return this.output(x.shape, 'float32', { kind: 'binary', code: floatOpCode(Add), a: scaled, b: { kind: 'channel', values: offset } });
  }

  /** `x` (bool) as float32, deferred: the same expression, written as floats. */
  boolToFloat(x: TensorInfo): TensorInfo {
    return this.output(x.shape, 'float32', this.operand(x));
  }

  /** The expression of an operand: its own if deferred and small, a constant if one element, else a leaf. */
  private operand(info: TensorInfo): Expr {
    const own = this.backend.isDeferred(info) ? this.expressions.get(info.dataId) : undefined;
    // A per-channel period belongs to the data's layout: a reshape that keeps the last axis keeps
    // it valid, another does not. Operands have the output's shape (or one element), so every
    // inlined period equals the output's last axis and one pass serves them all.
    if (own !== undefined && nodes(own) <= MAX_INLINED_NODES) {
      const ownPeriod = period(own);
      if (ownPeriod === 1 || ownPeriod === info.shape.at(-1)) return own;
    }
    if (util.sizeFromShape(info.shape as number[]) === 1) {
      return { kind: 'constant', value: (this.backend.valuesOf(info) as Float32Array | Uint8Array)[0] as number };
    }
    return { kind: 'leaf', info: snapshot(info) };
  }

  private output(shape: readonly number[], dtype: 'float32' | 'bool', expr: Expr): TensorInfo {
    const leaves = new Map<DataId, TensorInfo>();
    const collect = (e: Expr): void => {
      if (e.kind === 'leaf') leaves.set(e.info.dataId, e.info);
      else if (e.kind === 'unary') collect(e.x);
      else if (e.kind === 'binary') {
        collect(e.a);
        collect(e.b);
      }
    };
    collect(expr);
    const sources = [...leaves.values()];
    const backend = this.backend;
    const info = backend.deferred(shape, dtype, sources, (out) => {
      const { program, constants, channels, period } = compile(expr, sources);
      const leafValues = sources.map((s) => backend.valuesOf(s) as Float32Array | Uint8Array);
      backend.addon.fused(program, leafValues, constants, channels, period, out);
    });
    this.expressions.set(info.dataId, expr);
    return info;
  }
}

/**
 * The addon's program for `expr`, in evaluation order, the root last: one instruction and one
 * register per operation; float32 leaves, constants and per-channel vectors are read in place
 * by the operations that take them.
 */
export function compile(
  expr: Expr,
  leaves: readonly TensorInfo[],
): { program: Int32Array; constants: Float32Array; channels: Float32Array; period: number } {
  const program: number[] = [];
  // Index 0 is the alpha of unary ops that take none.
  const constants: number[] = [0];
  const channels: number[] = [];
  const channelOffsets = new Map<Float32Array, number>();
  let registers = 0;
  const instruction = (kind: number, code: number, a: readonly [number, number], b: readonly [number, number]): [number, number] => {
    const dst = registers++;
    program.push(kind, code, dst, ...a, ...b);
    return [REGISTER, dst];
  };
  // An operand as [kind, index], emitting the instructions that compute it.
  const operand = (e: Expr): [number, number] => {
    switch (e.kind) {
      case 'leaf': {
        const index = leaves.findIndex((l) => l.dataId === e.info.dataId);
        return e.info.dtype === 'bool' ? instruction(LOAD_U8, 0, [LEAF, index], [0, 0]) : [LEAF, index];
      }
      case 'constant':
        return [SCALAR, constants.push(e.value) - 1];
      case 'channel': {
        let offset = channelOffsets.get(e.values);
        if (offset === undefined) {
          offset = channels.length;
          channels.push(...e.values);
          channelOffsets.set(e.values, offset);
        }
        return [CHANNEL, offset];
      }
      case 'unary': {
        const x = operand(e.x);
        return instruction(UNARY, e.code, x, [SCALAR, constants.push(e.alpha) - 1]);
      }
      case 'binary': {
        const a = operand(e.a);
        const b = operand(e.b);
        return instruction(BINARY, e.code, a, b);
      }
    }
  };
  const [rootKind] = operand(expr);
  if (rootKind !== REGISTER) throw new Error('A fused expression must end in an operation.');
  return {
    program: Int32Array.from(program),
    constants: Float32Array.from(constants),
    // Never empty: the addon takes a Float32Array either way.
    channels: Float32Array.from(channels.length > 0 ? channels : [0]),
    period: period(expr),
  };
}
