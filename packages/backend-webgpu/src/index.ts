/**
 * `@signflow/backend-webgpu`: TensorFlow.js's WebGPU backend (`@tensorflow/tfjs-backend-webgpu`)
 * for signflow, in Node through Google's Dawn (the npm package `webgpu`) and in browsers through
 * their own WebGPU. Importing the package looks for an adapter and, when there is one, registers
 * the backend `webgpu` on it with signflow's kernel fixes; otherwise the import still succeeds
 * and {@link webGpuUnavailableReason} says what to install.
 */
import { formatAdapter, isSoftwareAdapter, type AdapterReport } from './adapter.js';
import { BACKEND_NAME, SYNC_READ_MESSAGE } from './backend.js';
import type { GpuAdapterInfoLike } from './gpu-types.js';
import { loadWebGpu } from './load.js';

const state = await loadWebGpu();

/** Whether an adapter was found and the `webgpu` backend is registered on it. */
export function isWebGpuAvailable(): boolean {
  return state.reason === null;
}

/** Why the `webgpu` backend is unavailable, with what to install, or `null` when it is available. */
export function webGpuUnavailableReason(): string | null {
  return state.reason;
}

/** The adapter the `webgpu` backend runs on (vendor, architecture, software or GPU), or `null`. */
export function webGpuAdapter(): AdapterReport | null {
  return state.adapter;
}

/**
 * Every error the WebGPU device has reported (invalid shaders, out of memory, device lost).
 * After the first, every read of a tensor throws: the failed work was dropped.
 */
export function webGpuErrors(): readonly string[] {
  return state.errors.all();
}

export { BACKEND_NAME, SYNC_READ_MESSAGE, formatAdapter, isSoftwareAdapter, type AdapterReport, type GpuAdapterInfoLike };
