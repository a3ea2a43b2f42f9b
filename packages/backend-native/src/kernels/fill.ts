/**
 * Fill, ZerosLike and OnesLike for float32 and bool: a constant needs no memory until something
 * reads it, and an element-wise kernel that takes it reads the constant instead (see fusion.ts),
 * so `tf.where(mask, dy, tf.zerosLike(dy))` makes one pass over dy.
 */
import { Fill, OnesLike, ZerosLike, type FillAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernel, storedAs, type NativeArgs } from './kernel.js';

function fill({ attrs, backend }: NativeArgs<FillAttrs>): TensorInfo | null {
  const { shape, value } = attrs;
  // `tf.fill` passes none when left to infer it.
  const dtype = attrs.dtype as FillAttrs['dtype'] | undefined;
  // tfjs infers float32 for a number and needs a dtype for bool.
  if (typeof value !== 'number' || (dtype !== undefined && dtype !== 'float32' && dtype !== 'bool') || !shape.every((d) => d > 0)) return null;
  const out = backend.fusion.constant(shape, dtype ?? 'float32', value);
  backend.values.record(out, dtype === 'bool' ? [0, 1] : [Math.fround(value)]);
  return out;
}

function like(value: number) {
  return ({ inputs, backend }: NativeArgs): TensorInfo | null => {
    const { x } = inputs as Record<string, TensorInfo | undefined>;
    if (x === undefined || !storedAs(backend, x, ['float32', 'bool'])) return null;
    const out = backend.fusion.constant(x.shape, x.dtype as 'float32' | 'bool', value);
    backend.values.record(out, [value]);
    return out;
  };
}

/** The native constant kernels. */
export const fillKernels: KernelConfig[] = [nativeKernel<FillAttrs>(Fill, fill), nativeKernel(ZerosLike, like(0)), nativeKernel(OnesLike, like(1))];
