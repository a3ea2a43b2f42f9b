/**
 * `@signflow/backend-native`: a TensorFlow.js backend named `native` that keeps tensors like the
 * `cpu` backend and runs convolutions, matrix products, batch norm, pooling and the element-wise
 * work of a training step in a oneDNN/OpenMP addon. Importing the package registers the backend
 * when the addon is built and loads.
 */
import { addonState, BUILD_COMMAND } from './addon.js';
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

export { BUILD_COMMAND };
export { NativeBackend, type KernelCounts } from './backend.js';
