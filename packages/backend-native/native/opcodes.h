// Generated from src/opcodes.ts by scripts/opcodes-header.ts; do not edit.
// The codes of the element-wise operations, shared with the TypeScript kernels.
#pragma once

namespace signflow {

enum Unary : int {
  kRelu = 0,
  kRelu6 = 1,
  kSign = 2,
  kAbs = 3,
  kNeg = 4,
  kSquare = 5,
  kSqrt = 6,
  kRsqrt = 7,
  kExp = 8,
  kLog = 9,
  kStep = 10,
  kElu = 11,
  kSigmoid = 12,
  kTanh = 13,
  kReciprocal = 14,
  kLeakyRelu = 15,
  kCos = 16,
  kSin = 17,
  kRound = 18,
  kLogicalNot = 19,
};

enum Binary : int {
  kAdd = 0,
  kSub = 1,
  kMultiply = 2,
  kRealDiv = 3,
  kMaximum = 4,
  kMinimum = 5,
  kPow = 6,
  kSquaredDifference = 7,
  kEqual = 8,
  kNotEqual = 9,
  kGreater = 10,
  kGreaterEqual = 11,
  kLess = 12,
  kLessEqual = 13,
  kSignflowReluGrad = 14,
  kLogicalAnd = 15,
  kLogicalOr = 16,
};

enum Ternary : int {
  kSelect = 0,
  kClipByValue = 1,
};

}  // namespace signflow
