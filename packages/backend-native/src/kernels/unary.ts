/**
 * Element-wise unary kernels for float32 tensors, with tfjs's NaN and zero conventions. The
 * Square of `moments`' centred tensor is deferred (see `moments.ts`).
 */
import {
  Abs,
  Elu,
  Exp,
  LeakyRelu,
  Log,
  Neg,
  Reciprocal,
  Relu,
  Relu6,
  Rsqrt,
  Sigmoid,
  Sign,
  Sqrt,
  Square,
  SquaredDifference,
  Step,
  Tanh,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { deferredBinary } from './binary.js';
import { unaryValues } from '../value-sets.js';
import { allFloat32, nativeKernel, type NativeArgs } from './kernel.js';

// In the order of the codes in native/elementwise.cc.
const UNARY_OPS = [
  Relu, Relu6, Sign, Abs, Neg, Square, Sqrt, Rsqrt, Exp, Log, Step, Elu, Sigmoid, Tanh, Reciprocal, LeakyRelu,
] as const;

function unary(kernelName: string, code: number) {
  return ({ inputs, attrs, backend }: NativeArgs): TensorInfo | null => {
    const { x } = inputs as Record<string, TensorInfo | undefined>;
    if (x === undefined || !allFloat32(backend, x)) return null;
    if (kernelName === Square) {
      // The square of a deferred centring is deferred too; the Mean that follows needs neither.
      const centring = backend.isDeferred(x) ? backend.moments.centringOf(x) : undefined;
      if (centring !== undefined) {
        const out = deferredBinary(backend, SquaredDifference, centring.x, centring.mean);
        backend.moments.recordSquare(x, out);
        return out;
      }
    }
    const alpha = (attrs['alpha'] as number | undefined) ?? (kernelName === Step ? 0 : 0.2);
    const values = unaryValues(kernelName, alpha, backend.valueSet(x));
    if (backend.fusion.fusable(x.shape, x)) {
      const out = backend.fusion.unary(code, alpha, x);
      if (kernelName === Square) backend.moments.recordSquare(x, out);
      backend.values.record(out, values);
      return out;
    }
    const out = backend.output(x.shape, 'float32');
    backend.values.record(out.info, values);
    backend.addon.unary(code, backend.valuesOf(x) as Float32Array, out.values, alpha);
    if (kernelName === Square) backend.moments.recordSquare(x, out.info);
    return out.info;
  };
}

/** The native unary kernels. */
export const unaryKernels: KernelConfig[] = UNARY_OPS.map((name, code) => nativeKernel(name, unary(name, code)));
