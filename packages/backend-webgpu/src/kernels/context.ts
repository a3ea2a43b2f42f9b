/** What a replacement kernel is built from. */
import type { KernelFunc } from '@tensorflow/tfjs-core';

/** The backend's name, the built-in kernel it replaces, and tfjs-backend-webgpu's exports. */
export interface WebGpuKernelContext {
  readonly backendName: string;
  readonly builtIn: KernelFunc;
  readonly module: typeof import('@tensorflow/tfjs-backend-webgpu');
}
