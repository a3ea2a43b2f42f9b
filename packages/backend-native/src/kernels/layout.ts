/**
 * Data movement and dtype kernels: Transpose, Tile, Slice (a copy, never a view, so that no
 * tensor aliases a recyclable array), PadV2 and Cast, and Reshape and Identity, which share
 * their input's data. Copies handle any dtype stored in 1 or 4 bytes per element (float32,
 * int32, bool).
 */
import {
  Cast,
  Identity,
  NotEqual,
  PadV2,
  Reshape,
  Slice,
  slice_util,
  Tile,
  Transpose,
  util,
  type CastAttrs,
  type KernelConfig,
  type PadV2Attrs,
  type ReshapeAttrs,
  type SliceAttrs,
  type TensorInfo,
  type TileAttrs,
  type TransposeAttrs,
} from '@tensorflow/tfjs-core';
import type { CopyArray } from '../addon.js';
import type { NativeBackend } from '../backend.js';
import { binaryCode } from '../opcodes.js';
import { ints, nativeKernel, storedAs, type NativeArgs } from './kernel.js';

type CopyDtype = 'float32' | 'int32' | 'bool';

function copyable(backend: NativeBackend, x: TensorInfo | undefined): x is TensorInfo & { dtype: CopyDtype } {
  return x !== undefined && storedAs(backend, x, ['float32', 'int32', 'bool']);
}

function transpose({ inputs, attrs, backend }: NativeArgs<TransposeAttrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (!copyable(backend, x)) return null;
  const { perm } = attrs;
  const out = backend.output(perm.map((p) => x.shape[p] as number), x.dtype);
  backend.addon.transpose(backend.valuesOf(x) as CopyArray, ints(x.shape), ints(perm), out.values);
  return out.info;
}

function tile({ inputs, attrs, backend }: NativeArgs<TileAttrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  const { reps } = attrs;
  if (!copyable(backend, x) || reps.length !== x.shape.length || reps.some((r) => r < 1)) return null;
  const out = backend.output(x.shape.map((d, i) => d * (reps[i] as number)), x.dtype);
  backend.addon.tile(backend.valuesOf(x) as CopyArray, ints(x.shape), ints(reps), out.values);
  return out.info;
}

function slice({ inputs, attrs, backend }: NativeArgs<SliceAttrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (!copyable(backend, x)) return null;
  const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size) as [number[], number[]];
  slice_util.assertParamsValid(x, begin, size);
  if (size.some((d) => d <= 0)) return null;
  const out = backend.output(size, x.dtype);
  backend.addon.slice(backend.valuesOf(x) as CopyArray, ints(x.shape), ints(begin), ints(size), out.values);
  return out.info;
}

function pad({ inputs, attrs, backend }: NativeArgs<PadV2Attrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (!copyable(backend, x) || x.dtype !== 'float32') return null;
  const { paddings } = attrs;
  if (paddings.length !== x.shape.length || paddings.some(([p, q]) => p < 0 || q < 0)) return null;
  const shape = x.shape.map((d, i) => d + (paddings[i] as [number, number])[0] + (paddings[i] as [number, number])[1]);
  const constant = (attrs.constantValue as number | undefined) ?? 0;
  const out = backend.output(shape, 'float32');
  backend.addon.pad(backend.valuesOf(x) as Float32Array, ints(x.shape), ints(paddings.map(([p]) => p)), out.values, ints(shape), constant);
  // The values of x and the padding's (explicit padding before a convolution of signs keeps it one).
  const values = backend.valueSet(x);
  backend.values.record(out.info, values === null ? null : [...values, Math.fround(constant)]);
  return out.info;
}

function cast({ inputs, attrs, backend }: NativeArgs<CastAttrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  const { dtype } = attrs;
  if (!copyable(backend, x)) return null;
  if (x.dtype === dtype) return backend.identity(x);
  const supported =
    (x.dtype === 'float32' && dtype === 'bool') ||
    (x.dtype === 'bool' && dtype === 'float32') ||
    (x.dtype === 'int32' && dtype === 'float32');
  if (!supported) return null;
  const out = !backend.fusion.fusable(x.shape, x)
    ? castNow(backend, x, dtype as 'float32' | 'bool')
    : x.dtype === 'bool'
      ? backend.fusion.boolToFloat(x)
      : x.dtype === 'float32'
        ? // x != 0, as the cpu kernel (NaN is true).
          backend.fusion.binary(binaryCode(NotEqual), x, 0, x.shape, 'bool')
        : castNow(backend, x, 'float32');
  // A bool tensor holds 0 and 1, and so does its float32 copy.
  if (x.dtype === 'bool') backend.values.record(out, [0, 1]);
  return out;
}

function castNow(backend: NativeBackend, x: TensorInfo, dtype: 'float32' | 'bool'): TensorInfo {
  const out = backend.output(x.shape, dtype);
  backend.addon.cast(backend.valuesOf(x) as CopyArray, out.values);
  return out.info;
}

/** The same data under another shape (one more reference to it). */
function reshape({ inputs, attrs, backend }: NativeArgs<ReshapeAttrs>): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  if (!copyable(backend, x)) return null;
  const size = util.sizeFromShape(x.shape);
  const shape = util.inferFromImplicitShape(attrs.shape, size);
  util.assert(util.sizeFromShape(shape) === size, () => `Reshape: the new shape (${shape}) has a different size from the old (${x.shape}).`);
  return { ...backend.identity(x), shape };
}

function identity({ inputs, backend }: NativeArgs): TensorInfo | null {
  const { x } = inputs as Record<string, TensorInfo | undefined>;
  return copyable(backend, x) ? backend.identity(x) : null;
}

/** The native data-movement and dtype kernels. */
export const layoutKernels: KernelConfig[] = [
  nativeKernel<TransposeAttrs>(Transpose, transpose),
  nativeKernel<TileAttrs>(Tile, tile),
  nativeKernel<SliceAttrs>(Slice, slice),
  nativeKernel<PadV2Attrs>(PadV2, pad),
  nativeKernel<CastAttrs>(Cast, cast),
  nativeKernel<ReshapeAttrs>(Reshape, reshape),
  nativeKernel(Identity, identity),
];
