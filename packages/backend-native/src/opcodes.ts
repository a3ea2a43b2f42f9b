/**
 * The element-wise operations the addon evaluates, by code: the one table that TypeScript and
 * C++ share. An operation's code is its index in its list; `native/opcodes.h` holds the same
 * lists as C++ enums, generated from this file (`scripts/opcodes-header.ts`; a test checks that
 * the header is current).
 */
import {
  Abs,
  Add,
  ClipByValue,
  Cos,
  Elu,
  Equal,
  Exp,
  Greater,
  GreaterEqual,
  LeakyRelu,
  Less,
  LessEqual,
  Log,
  LogicalAnd,
  LogicalNot,
  LogicalOr,
  Maximum,
  Minimum,
  Multiply,
  Neg,
  NotEqual,
  Pow,
  RealDiv,
  Reciprocal,
  Relu,
  Relu6,
  Round,
  Rsqrt,
  Select,
  Sigmoid,
  Sign,
  Sin,
  Sqrt,
  Square,
  SquaredDifference,
  Step,
  Sub,
  Tanh,
} from '@tensorflow/tfjs-core';

/** `dy * step(x)`, tfjs's ReLU gradient in one pass (a kernel registered for `native` only). */
export const RELU_GRAD = 'SignflowReluGrad';

/** One-operand operations; `alpha` is Step's value for x <= 0 and LeakyRelu's slope. */
export const UNARY_OPS = [
  Relu, Relu6, Sign, Abs, Neg, Square, Sqrt, Rsqrt, Exp, Log, Step, Elu, Sigmoid, Tanh, Reciprocal, LeakyRelu,
  Cos, Sin, Round, LogicalNot,
] as const;

/** Float32 binary operations (broadcasting when unfused). */
export const ARITHMETIC_OPS = [Add, Sub, Multiply, RealDiv, Maximum, Minimum, Pow, SquaredDifference] as const;

/** Comparisons of float32 operands: bool outputs. */
export const COMPARISON_OPS = [Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual] as const;

/** Operations of bool operands, bool outputs. */
export const LOGICAL_OPS = [LogicalAnd, LogicalOr] as const;

/** Two-operand operations, in code order. */
export const BINARY_OPS = [...ARITHMETIC_OPS, ...COMPARISON_OPS, RELU_GRAD, ...LOGICAL_OPS] as const;

/** Three-operand operations: `Select(condition, t, e)` and `ClipByValue(x, min, max)`. */
export const TERNARY_OPS = [Select, ClipByValue] as const;

export type UnaryOp = (typeof UNARY_OPS)[number];
export type BinaryOp = (typeof BINARY_OPS)[number];
export type TernaryOp = (typeof TERNARY_OPS)[number];

/** The addon's code of a unary operation. */
export function unaryCode(op: UnaryOp): number {
  return UNARY_OPS.indexOf(op);
}

/** The addon's code of a binary operation. */
export function binaryCode(op: BinaryOp): number {
  return (BINARY_OPS as readonly string[]).indexOf(op);
}

/** The addon's code of a ternary operation. */
export function ternaryCode(op: TernaryOp): number {
  return TERNARY_OPS.indexOf(op);
}

/** The lists as the C++ header declares them: enum name and entries. */
export const OPCODE_ENUMS: readonly { readonly name: string; readonly ops: readonly string[] }[] = [
  { name: 'Unary', ops: UNARY_OPS },
  { name: 'Binary', ops: BINARY_OPS },
  { name: 'Ternary', ops: TERNARY_OPS },
];
