/**
 * Logical operations on bool tensors and Select, as fused element-wise operations (bool values
 * are 0 and 1 inside the addon's programs). They take operands of the output's shape or of one
 * element, as `tf.where` and the estimators' rules give them; a broadcast runs the `cpu` kernel.
 */
import { broadcast_util, LogicalAnd, LogicalNot, LogicalOr, Select, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { binaryCode, ternaryCode, unaryCode } from '../opcodes.js';
import { allFloat32, nativeKernel, storedAs, type NativeArgs } from './kernel.js';
import { sameShape } from '../shapes.js';

function logicalBinary(kernelName: typeof LogicalAnd | typeof LogicalOr) {
  const code = binaryCode(kernelName);
  return ({ inputs, backend }: NativeArgs): TensorInfo | null => {
    const { a, b } = inputs as Record<string, TensorInfo | undefined>;
    if (a === undefined || b === undefined || !storedAs(backend, a, ['bool']) || !storedAs(backend, b, ['bool'])) return null;
    const shape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    if (!backend.fusion.elementwise(shape, a, b)) return null;
    return backend.fusion.binary(code, a, b, shape, 'bool');
  };
}

function logicalNot({ inputs, backend }: NativeArgs): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (x === undefined || !storedAs(backend, x, ['bool'])) return null;
  return backend.fusion.unary(unaryCode(LogicalNot), 0, x, 'bool');
}

/**
 * `condition ? t : e` element by element, for float32 t and e of the condition's shape (what
 * `tf.where` passes after broadcasting; the `cpu` kernel gives other shapes other meanings).
 */
function select({ inputs, backend }: NativeArgs): TensorInfo | null {
  const { condition, t, e } = inputs as Record<string, TensorInfo | undefined>;
  if (condition === undefined || t === undefined || e === undefined || !storedAs(backend, condition, ['bool'])) return null;
  if (!allFloat32(backend, t, e) || !sameShape(condition.shape, t.shape) || !sameShape(e.shape, t.shape)) return null;
  const out = backend.fusion.ternary(ternaryCode(Select), [condition, t, e], t.shape);
  const [tValues, eValues] = [backend.valueSet(t), backend.valueSet(e)];
  backend.values.record(out, tValues === null || eValues === null ? null : [...tValues, ...eValues]);
  return out;
}

/** The native logical kernels and Select. */
export const logicalKernels: KernelConfig[] = [
  nativeKernel(LogicalAnd, logicalBinary(LogicalAnd)),
  nativeKernel(LogicalOr, logicalBinary(LogicalOr)),
  nativeKernel(LogicalNot, logicalNot),
  nativeKernel(Select, select),
];
