/**
 * Runs another kernel of the same backend from inside a kernel, for kernels composed of
 * existing ones. Intermediate results are the caller's to free with {@link release}.
 */
import { getKernel, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** Runs kernel `name` registered for `backendName` on `inputs` and returns its single output. */
export function runKernel(name: string, backendName: string, backend: KernelBackend, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
  const kernel = getKernel(name, backendName);
  if (kernel === undefined) throw new Error(`the ${backendName} backend has no ${name} kernel`);
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`kernel ${name} returned ${out.length} outputs where one was expected`);
  return out;
}

/** Frees intermediate results (a reshape shares its input's data and only drops a reference). */
export function release(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
