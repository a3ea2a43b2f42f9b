/**
 * How kernels are registered for the `native` backend: every `cpu` kernel is reused as is, and a
 * native kernel either handles its inputs and attributes or returns `null`, in which case the
 * `cpu` kernel runs instead. A native kernel that throws also falls back (after one warning):
 * an unsupported case must never produce wrong numbers.
 */
import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';

/** The backend's name in the tfjs registry. */
export const BACKEND_NAME = 'native';

/**
 * What a native kernel body receives. `Attrs` is the kernel's attribute type as tfjs-core exports
 * it (`Conv2DAttrs`, `MeanAttrs`, ...): the kernel name fixes which attributes tfjs passes, as in
 * tfjs's own kernels.
 */
export interface NativeArgs<Attrs extends object = NamedAttrMap> {
  readonly inputs: NamedTensorInfoMap;
  readonly attrs: Attrs;
  readonly backend: NativeBackend;
}

/** A native kernel body: its outputs, or `null` when it does not support these arguments. */
export type NativeBody<Attrs extends object = NamedAttrMap> = (args: NativeArgs<Attrs>) => TensorInfo | TensorInfo[] | null;

const warned = new Set<string>();

function inputList(inputs: NamedTensorInfoMap): TensorInfo[] {
  return Object.values(inputs).filter((t): t is TensorInfo => t != null);
}

function asList(out: TensorInfo | TensorInfo[]): TensorInfo[] {
  return Array.isArray(out) ? out : [out];
}

/** Runs the `cpu` kernel on the native backend's storage, guarding against views of pooled arrays. */
export function runCpu(kernelName: string, args: NativeArgs<object>): TensorInfo | TensorInfo[] {
  const cpu = getKernel(kernelName, 'cpu');
  if (cpu === undefined) {
    throw new Error(`The native backend has no cpu fallback for kernel '${kernelName}'; import '@tensorflow/tfjs-backend-cpu' first.`);
  }
  const { backend } = args;
  const out = backend.inKernel(() => cpu.kernelFunc(args as Parameters<KernelFunc>[0])) as TensorInfo | TensorInfo[];
  backend.markViews(inputList(args.inputs), asList(out));
  return out;
}

/** A `native` copy of a `cpu` kernel: every run counts as a fallback. */
export function cpuKernel(config: KernelConfig): KernelConfig {
  return {
    kernelName: config.kernelName,
    backendName: BACKEND_NAME,
    kernelFunc: (raw) => {
      const args = raw as unknown as NativeArgs;
      args.backend.count(config.kernelName, 'fallback');
      return runCpu(config.kernelName, args);
    },
  };
}

/**
 * A native kernel with the `cpu` kernel as its fallback. `Attrs` is the attribute type tfjs-core
 * exports for `kernelName`; tfjs's kernel functions take `NamedAttrMap`, so this is the one place
 * where they are seen as that type.
 */
export function nativeKernel<Attrs extends object = NamedAttrMap>(kernelName: string, body: NativeBody<Attrs>): KernelConfig {
  const kernelFunc = (raw: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] => {
    // Kernels without attributes get none at all from tfjs.
    const args = { ...raw, attrs: raw.attrs ?? {} } as unknown as NativeArgs<Attrs>;
    const { backend } = args;
    let out: TensorInfo | TensorInfo[] | null = null;
    try {
      out = backend.runNative(() => body(args));
    } catch (error) {
      if (!warned.has(kernelName)) {
        warned.add(kernelName);
        const message = error instanceof Error ? error.message : String(error);
        console.warn(`signflow native backend: ${kernelName} failed in the addon (${message}); using the cpu kernel instead.`);
      }
    }
    if (out !== null) {
      backend.count(kernelName, 'native');
      return out;
    }
    backend.count(kernelName, 'fallback');
    return runCpu(kernelName, args);
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: kernelFunc as KernelFunc };
}

/** The typed array each dtype must be stored in for the addon to read it. */
const ARRAY_TYPES = { float32: Float32Array, int32: Int32Array, bool: Uint8Array } as const;

/**
 * Whether `info` is non-empty, of one of `dtypes`, and stored in that dtype's typed array
 * (tfjs tolerates, e.g., an int32 tensor backed by a Float32Array; the addon does not).
 */
export function storedAs(backend: NativeBackend, info: TensorInfo, dtypes: readonly (keyof typeof ARRAY_TYPES)[]): boolean {
  const dtype = info.dtype as keyof typeof ARRAY_TYPES;
  if (!dtypes.includes(dtype) || !info.shape.every((d) => d > 0)) return false;
  // Checked without computing it: a deferred output is stored in its dtype's array.
  if (backend.isDeferred(info)) return true;
  return backend.valuesOf(info) instanceof ARRAY_TYPES[dtype];
}

/** Whether every tensor given (absent optional ones aside) is a non-empty float32 Float32Array. */
export function allFloat32(backend: NativeBackend, ...infos: (TensorInfo | undefined | null)[]): boolean {
  return infos.every((t) => t == null || storedAs(backend, t, ['float32']));
}

/** An Int32Array from numbers, the addon's shape argument type. */
export function ints(values: readonly number[]): Int32Array {
  return Int32Array.from(values);
}
