/** The engine's opcodes; keep in step with native/engine.h. */
export const OP = {
  input: 1,
  output: 2,
  convFloat: 3,
  convBinary: 4,
  pack: 5,
  sign: 6,
  add: 7,
  relu: 8,
  affine: 9,
  maxPoolFloat: 10,
  maxPoolBits: 11,
  globalAveragePool: 12,
  subsample: 13,
  padChannels: 14,
  pad: 15,
  toChw: 16,
} as const;

/** Marks an absent optional operand. */
export const NONE = -1;
