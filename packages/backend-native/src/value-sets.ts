/**
 * Which values a tensor can hold, when that is a short list. The element-wise kernels record it
 * for their outputs from their operands' (a bool tensor holds 0 and 1, a one-element tensor its
 * value, a comparison 0 and 1, `x * 2 - 1` of those -1 and 1, ...), so that a convolution whose
 * input and filter both hold only -1, 0 and 1 — the signs of a binary network — can run as an
 * exact int8 convolution. Anything else is unknown (`null`).
 */
import {
  Abs,
  Add,
  Equal,
  Greater,
  GreaterEqual,
  Less,
  LessEqual,
  Maximum,
  Minimum,
  Multiply,
  Neg,
  NotEqual,
  Relu,
  Sign,
  Square,
  Step,
  Sub,
  util,
  type DataId,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** The values a tensor can hold (at most `MAX_VALUES`), or null when unknown. */
export type ValueSet = readonly number[] | null;

const MAX_VALUES = 8;
const f32 = Math.fround;
const flag = (b: boolean): number => (b ? 1 : 0);

/** The unary kernels whose value sets are followed, as float32 functions of one value. */
const UNARY: Readonly<Record<string, (v: number, alpha: number) => number>> = {
  [Relu]: (v) => (v < 0 ? 0 : v),
  [Sign]: (v) => Math.sign(v),
  [Abs]: (v) => Math.abs(v),
  [Neg]: (v) => -v,
  [Square]: (v) => f32(v * v),
  [Step]: (v, alpha) => (v > 0 ? 1 : alpha),
};

/** The binary kernels whose value sets are followed. */
const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  [Add]: (a, b) => f32(a + b),
  [Sub]: (a, b) => f32(a - b),
  [Multiply]: (a, b) => f32(a * b),
  [Maximum]: (a, b) => Math.max(a, b),
  [Minimum]: (a, b) => Math.min(a, b),
  [Equal]: (a, b) => flag(a === b),
  [NotEqual]: (a, b) => flag(a !== b),
  [Greater]: (a, b) => flag(a > b),
  [GreaterEqual]: (a, b) => flag(a >= b),
  [Less]: (a, b) => flag(a < b),
  [LessEqual]: (a, b) => flag(a <= b),
};

function bounded(values: Iterable<number>): ValueSet {
  const unique = [...new Set(values)];
  return unique.length <= MAX_VALUES && unique.every((v) => !Number.isNaN(v)) ? unique.sort((p, q) => p - q) : null;
}

/** The values of `kernelName(x)`, from the values of x (sign's are known whatever x holds). */
export function unaryValues(kernelName: string, alpha: number, x: ValueSet): ValueSet {
  const op = UNARY[kernelName];
  if (x === null) return kernelName === Sign ? [-1, 0, 1] : null;
  return op === undefined ? null : bounded(x.map((v) => op(v, alpha)));
}

/** The values of `kernelName(a, b)`, from the values of a and b. */
export function binaryValues(kernelName: string, a: ValueSet, b: ValueSet): ValueSet {
  const op = BINARY[kernelName];
  if (op === undefined || a === null || b === null) return null;
  return bounded(a.flatMap((p) => b.map((q) => op(p, q))));
}

/** Value sets of live tensors, by data id (a reshape keeps the data id, and so the set). */
export class ValueSets {
  private readonly sets = new WeakMap<DataId, readonly number[]>();

  /** Records the values of `info`, when known (and short). */
  record(info: TensorInfo, values: ValueSet): void {
    const set = values === null ? null : bounded(values);
    if (set !== null) this.sets.set(info.dataId, set);
  }

  /** The values `info` can hold, or null; `read` gives a one-element tensor's value. */
  of(info: TensorInfo, read: (info: TensorInfo) => number): ValueSet {
    if (info.dtype === 'bool') return [0, 1];
    const known = this.sets.get(info.dataId);
    if (known !== undefined) return known;
    return util.sizeFromShape(info.shape as number[]) === 1 ? bounded([read(info)]) : null;
  }
}
