/**
 * Broadcasting element-wise binary kernels for float32 operands (comparisons return bool).
 * Adding a tensor known to be zero returns the other operand without touching memory: the
 * fused batch-norm gradient makes such zeros flow back through tfjs's `moments`. Subtracting a
 * tensor's own per-channel mean (the centring step of `moments`) also squares and averages in
 * the same pass.
 */
import {
  Add,
  broadcast_util,
  SquaredDifference,
  Sub,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';
import { ARITHMETIC_OPS, binaryCode, COMPARISON_OPS, RELU_GRAD, type BinaryOp } from '../opcodes.js';
import { snapshot } from '../snapshot.js';
import { binaryValues } from '../value-sets.js';
import { allFloat32, BACKEND_NAME, ints, nativeKernel, type NativeArgs } from './kernel.js';
import { sameShape } from '../shapes.js';

const RELU_GRAD_CODE = binaryCode(RELU_GRAD);

function binary(kernelName: BinaryOp, outDtype: 'float32' | 'bool') {
  const code = binaryCode(kernelName);
  return ({ inputs, backend }: NativeArgs): TensorInfo | null => {
    const { a, b } = inputs as Record<string, TensorInfo | undefined>;
    if (a === undefined || b === undefined || !allFloat32(backend, a, b)) return null;
    const shape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    if (kernelName === Add) {
      if (backend.isKnownZero(a) && sameShape(b.shape, shape)) return backend.identity(b);
      if (backend.isKnownZero(b) && sameShape(a.shape, shape)) return backend.identity(a);
    }
    if (kernelName === Sub && sameShape(a.shape, shape) && backend.moments.isChannelMeanOf(b, a)) {
      return deferredBinary(backend, Sub, a, b);
    }
    const values = binaryValues(kernelName, backend.valueSet(a), backend.valueSet(b));
    if (backend.fusion.fusable(shape, a, b)) {
      const fused = backend.fusion.binary(code, a, b, shape, outDtype);
      backend.values.record(fused, values);
      return fused;
    }
    const out = backend.output(shape, outDtype);
    backend.values.record(out.info, values);
    backend.addon.binary(
      code,
      backend.valuesOf(a) as Float32Array,
      ints(a.shape),
      backend.valuesOf(b) as Float32Array,
      ints(b.shape),
      out.values,
      ints(shape),
    );
    // Only a centring is recorded: a record keeps its operands' data ids reachable, and a
    // variable updated by a subtraction every step (an optimiser's `p - lr * v`) would keep
    // all its past values' ids in a chain of records.
    if (kernelName === Sub && backend.moments.isChannelMeanOf(b, a)) backend.moments.recordSub(a, b, out.info);
    return out.info;
  };
}

/**
 * `a - b` or `(a - b)^2` of a centring (`b` is `a`'s per-channel mean), computed only if read;
 * recorded for the Square and Mean kernels of `moments`.
 */
export function deferredBinary(backend: NativeBackend, kernelName: typeof Sub | typeof SquaredDifference, a: TensorInfo, b: TensorInfo): TensorInfo {
  const code = binaryCode(kernelName);
  const [x, y] = [snapshot(a), snapshot(b)];
  const out = backend.deferred(x.shape, 'float32', [x, y], (values) =>
    backend.addon.binary(code, backend.valuesOf(x) as Float32Array, ints(x.shape), backend.valuesOf(y) as Float32Array, ints(y.shape), values, ints(x.shape)),
  );
  if (kernelName === Sub) backend.moments.recordSub(a, b, out);
  return out;
}

/** Inputs dy and x of equal shapes, both float32 (the gradient checks before running it). */
function reluGrad(args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = args.backend as NativeBackend;
  const { dy, x } = args.inputs as { dy: TensorInfo; x: TensorInfo };
  return backend.runNative(() => {
    backend.count(RELU_GRAD, 'native');
    // Fused like any same-shape binary op: x is usually a deferred batch-norm output, and dy a
    // deferred straight-through gradient.
    if (backend.fusion.fusable(x.shape, dy, x)) return backend.fusion.binary(RELU_GRAD_CODE, dy, x, x.shape, 'float32');
    const out = backend.output(x.shape, 'float32');
    const shape = ints(x.shape);
    backend.addon.binary(RELU_GRAD_CODE, backend.valuesOf(dy) as Float32Array, shape, backend.valuesOf(x) as Float32Array, shape, out.values, shape);
    return out.info;
  });
}

/** The native binary kernels. */
export const binaryKernels: KernelConfig[] = [
  ...ARITHMETIC_OPS.map((name) => nativeKernel(name, binary(name, 'float32'))),
  ...COMPARISON_OPS.map((name) => nativeKernel(name, binary(name, 'bool'))),
  { kernelName: RELU_GRAD, backendName: BACKEND_NAME, kernelFunc: reluGrad as KernelFunc },
];
