/**
 * Broadcasting element-wise binary kernels for float32 operands (comparisons return bool).
 * Adding a tensor known to be zero returns the other operand without touching memory: the
 * fused batch-norm gradient makes such zeros flow back through tfjs's `moments`.
 */
import {
  Add,
  broadcast_util,
  Equal,
  Greater,
  GreaterEqual,
  Less,
  LessEqual,
  Maximum,
  Minimum,
  Multiply,
  NotEqual,
  Pow,
  RealDiv,
  SquaredDifference,
  Sub,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { allFloat32, ints, nativeKernel, type NativeArgs } from './kernel.js';

// Codes shared with native/elementwise.cc.
const FLOAT_OPS = [Add, Sub, Multiply, RealDiv, Maximum, Minimum, Pow, SquaredDifference] as const;
const COMPARISONS = [Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual] as const;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function binary(kernelName: string, code: number, outDtype: 'float32' | 'bool') {
  return ({ inputs, backend }: NativeArgs): TensorInfo | null => {
    const { a, b } = inputs as Record<string, TensorInfo | undefined>;
    if (a === undefined || b === undefined || !allFloat32(backend, a, b)) return null;
    const shape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    if (kernelName === Add) {
      if (backend.isKnownZero(a) && sameShape(b.shape, shape)) return backend.identity(b);
      if (backend.isKnownZero(b) && sameShape(a.shape, shape)) return backend.identity(a);
    }
    const out = backend.output(shape, outDtype);
    backend.addon.binary(
      code,
      backend.valuesOf(a) as Float32Array,
      ints(a.shape),
      backend.valuesOf(b) as Float32Array,
      ints(b.shape),
      out.values,
      ints(shape),
    );
    if (kernelName === Sub) backend.moments.recordSub(a, b, out.info);
    return out.info;
  };
}

/** The native binary kernels. */
export const binaryKernels: KernelConfig[] = [
  ...FLOAT_OPS.map((name, code) => nativeKernel(name, binary(name, code, 'float32'))),
  ...COMPARISONS.map((name, i) => nativeKernel(name, binary(name, FLOAT_OPS.length + i, 'bool'))),
];
