/**
 * Registers the `native` backend: every `cpu` kernel, then the native kernels over them. Its
 * changes to tfjs's global state (the lean backward pass, the gradient overrides) are installed
 * while it is the active backend and removed when another is set (see `global-patches.ts`).
 */
import '@tensorflow/tfjs-backend-cpu';
import { getKernelsForBackend, registerBackend, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { NativeBackend } from './backend.js';
import { watchBackendSwitches } from './global-patches.js';
import { batchNormKernels } from './kernels/batch-norm.js';
import { binaryKernels } from './kernels/binary.js';
import { convKernels } from './kernels/conv.js';
import { fillKernels } from './kernels/fill.js';
import { BACKEND_NAME, cpuKernel } from './kernels/kernel.js';
import { layoutKernels } from './kernels/layout.js';
import { logicalKernels } from './kernels/logical.js';
import { matmulKernels } from './kernels/matmul.js';
import { poolKernels } from './kernels/pool.js';
import { reduceKernels } from './kernels/reduce.js';
import { unaryKernels } from './kernels/unary.js';

/** Every kernel with a native implementation. */
export const NATIVE_KERNELS: readonly KernelConfig[] = [
  ...convKernels,
  ...matmulKernels,
  ...batchNormKernels,
  ...poolKernels,
  ...binaryKernels,
  ...unaryKernels,
  ...logicalKernels,
  ...fillKernels,
  ...reduceKernels,
  ...layoutKernels,
];

/**
 * Priority in tfjs's automatic backend choice: above `wasm` (2) and `cpu` (1), below the
 * TensorFlow-based `tensorflow` backend of tfjs-node (3).
 */
const PRIORITY = 2.5;

/** Registers backend `native` with the given addon. */
export function registerNativeBackend(addon: NativeAddon): void {
  registerBackend(BACKEND_NAME, () => new NativeBackend(addon), PRIORITY);
  watchBackendSwitches();
  const native = new Set(NATIVE_KERNELS.map((k) => k.kernelName));
  for (const config of getKernelsForBackend('cpu')) {
    if (!native.has(config.kernelName)) registerKernel(cpuKernel(config));
  }
  for (const config of NATIVE_KERNELS) registerKernel(config);
}
