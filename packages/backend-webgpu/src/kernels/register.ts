/**
 * signflow's kernels for the `webgpu` backend: replacements for tfjs-backend-webgpu kernels that
 * fail on inputs a training step produces. Each wraps the built-in kernel and hands it every case
 * it handles correctly.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import type { WebGpuKernelContext } from './context.js';
import { maxPoolGradFirstMax } from './max-pool-grad.js';
import { padV2ForAnyRank } from './pad-v2.js';

/** Replacements by kernel name: each builds the new kernel from the built-in one. */
const REPLACEMENTS: readonly { readonly kernelName: string; readonly make: (context: WebGpuKernelContext) => KernelConfig }[] = [
  { kernelName: 'PadV2', make: padV2ForAnyRank },
  { kernelName: 'MaxPoolGrad', make: maxPoolGradFirstMax },
];

const ours = new WeakSet<KernelFunc>();

/** Installs the replacements over the kernels registered for `backendName` now (idempotent). */
export function registerWebGpuKernels(backendName: string, module: WebGpuKernelContext['module']): void {
  for (const { kernelName, make } of REPLACEMENTS) {
    const builtIn = getKernel(kernelName, backendName);
    if (builtIn === undefined || ours.has(builtIn.kernelFunc)) continue;
    const replacement = make({ backendName, builtIn: builtIn.kernelFunc, module });
    ours.add(replacement.kernelFunc);
    // Unregister first: registering over a kernel only warns and keeps the old one's setup.
    unregisterKernel(kernelName, backendName);
    registerKernel(replacement);
  }
}
