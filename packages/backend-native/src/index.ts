/**
 * `@signflow/backend-native`: a TensorFlow.js backend named `native` that keeps tensors like the
 * `cpu` backend and runs convolutions, matrix products, batch norm, pooling and the element-wise
 * work of a training step in a oneDNN/OpenMP addon. Importing the package registers the backend
 * when the addon is built and loads.
 */
import { findBackend } from '@tensorflow/tfjs-core';
import { addonState, BUILD_COMMAND } from './addon.js';
import type { KernelCounts, NativeBackend } from './backend.js';
import { BACKEND_NAME } from './kernels/kernel.js';
import { registerNativeBackend } from './register.js';

if (addonState.addon !== null) registerNativeBackend(addonState.addon);

/** Whether the native addon is built and loads (then backend `native` is registered). */
export function isNativeAvailable(): boolean {
  return addonState.addon !== null;
}

/**
 * Why the native backend is unavailable — what to install and which command rebuilds the
 * addon — or `null` when it is available.
 */
export function nativeUnavailableReason(): string | null {
  return addonState.reason;
}

/**
 * For each kernel the `native` backend has run, how often it ran in the addon and how often it
 * fell back to the `cpu` kernel; empty when the backend is unavailable. Creates the backend
 * instance if it does not exist yet.
 */
export function nativeKernelCounts(): ReadonlyMap<string, Readonly<KernelCounts>> {
  if (!isNativeAvailable()) return new Map();
  const backend = findBackend(BACKEND_NAME) as NativeBackend | null;
  return backend?.counts ?? new Map();
}

export { BUILD_COMMAND, type KernelCounts };
