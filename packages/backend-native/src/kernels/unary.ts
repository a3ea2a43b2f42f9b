/**
 * Element-wise unary kernels for float32 tensors, with tfjs's NaN and zero conventions, and
 * ClipByValue. The Square of `moments`' centred tensor is deferred (see `moments.ts`).
 */
import {
  ClipByValue,
  LogicalNot,
  Square,
  SquaredDifference,
  Step,
  type ClipByValueAttrs,
  type KernelConfig,
  type LeakyReluAttrs,
  type StepAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { ternaryCode, unaryCode, UNARY_OPS, type UnaryOp } from '../opcodes.js';
import { deferredBinary } from './binary.js';
import { unaryValues } from '../value-sets.js';
import { allFloat32, nativeKernel, type NativeArgs } from './kernel.js';

/** The float32 unary ops (LogicalNot takes bool, see logical.ts). */
const FLOAT_UNARY_OPS = UNARY_OPS.filter((op) => op !== LogicalNot);

function unary(kernelName: UnaryOp) {
  const code = unaryCode(kernelName);
  // LeakyRelu and Step have an `alpha`; the other unary kernels have no attributes.
  return ({ inputs, attrs, backend }: NativeArgs<Partial<LeakyReluAttrs | StepAttrs>>): TensorInfo | null => {
    const { x } = inputs as Record<string, TensorInfo | undefined>;
    if (x === undefined || !allFloat32(backend, x)) return null;
    // Squares are recorded only of centrings (the variance step of `moments`): a record keeps
    // its input's data id reachable, and a chain of records would keep a chain of them.
    const centring = kernelName === Square ? backend.moments.centringOf(x) : undefined;
    if (centring !== undefined && backend.isDeferred(x)) {
      // The square of a deferred centring is deferred too; the Mean that follows needs neither.
      const out = deferredBinary(backend, SquaredDifference, centring.x, centring.mean);
      backend.moments.recordSquare(x, out);
      return out;
    }
    const alpha = attrs.alpha ?? (kernelName === Step ? 0 : 0.2);
    const values = unaryValues(kernelName, alpha, backend.valueSet(x));
    if (backend.fusion.fusable(x.shape, x)) {
      const out = backend.fusion.unary(code, alpha, x);
      if (centring !== undefined) backend.moments.recordSquare(x, out);
      backend.values.record(out, values);
      return out;
    }
    const out = backend.output(x.shape, 'float32');
    backend.values.record(out.info, values);
    backend.addon.unary(code, backend.valuesOf(x) as Float32Array, out.values, alpha);
    if (centring !== undefined) backend.moments.recordSquare(x, out.info);
    return out.info;
  };
}

/** `x > max ? max : (x < min ? min : x)`, tfjs's clip (NaN stays NaN), as a fused select of constants. */
function clipByValue({ inputs, attrs, backend }: NativeArgs<ClipByValueAttrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (x === undefined || !allFloat32(backend, x)) return null;
  const { clipValueMin: min, clipValueMax: max } = attrs;
  const out = backend.fusion.ternary(ternaryCode(ClipByValue), [x, Math.fround(min), Math.fround(max)], x.shape);
  const values = backend.valueSet(x);
  backend.values.record(out, values === null ? null : values.map((v) => (v > max ? Math.fround(max) : v < min ? Math.fround(min) : v)));
  return out;
}

/** The native unary kernels. */
export const unaryKernels: KernelConfig[] = [
  ...FLOAT_UNARY_OPS.map((name) => nativeKernel(name, unary(name))),
  nativeKernel<ClipByValueAttrs>(ClipByValue, clipByValue),
];
