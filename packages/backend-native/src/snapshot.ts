import type { TensorInfo } from '@tensorflow/tfjs-core';

/**
 * A kernel input's tensor info as it is now. Kernel inputs are the tensors themselves, and a
 * `Variable` changes its data id when assigned: whatever outlives the kernel call keeps a copy.
 */
export function snapshot(info: TensorInfo): TensorInfo {
  return { dataId: info.dataId, shape: info.shape, dtype: info.dtype };
}
