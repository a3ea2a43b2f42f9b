/**
 * `PadV2` for tensors of rank 5 and more. tfjs-backend-webgpu 4.22's pad shader declares its
 * bounds as `vec5`/`vec6`, which WGSL does not have, so the shader fails to compile and the
 * whole command buffer is dropped: the gradient of a rank-6 `slice` (ResNet's option-A shortcut
 * takes every second pixel through one) came back as garbage. Unpadded axes are merged into the
 * padded axis before them, which leaves one axis per padded axis (plus one leading group); when
 * that is at most 4 the built-in kernel pads the merged view, otherwise the axes are padded in
 * two passes. Merging an unpadded inner axis of size b into an outer axis with padding (p, q)
 * gives padding (p·b, q·b): the padded rows of the outer axis are contiguous in the merged one.
 */
import { PadV2, type KernelBackend, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGpuKernelContext } from './context.js';
import { release, runKernel } from './run-kernel.js';

type Paddings = [number, number][];

/** The largest rank the built-in kernel handles. */
const MAX_NATIVE_RANK = 4;

/** `shape` and `paddings` with every unpadded axis merged into the axis before it. */
export function mergeUnpaddedAxes(shape: readonly number[], paddings: Paddings): { shape: number[]; paddings: Paddings } {
  const merged: { size: number; before: number; after: number }[] = [];
  shape.forEach((size, axis) => {
    const [before, after] = paddings[axis] as [number, number];
    const last = merged[merged.length - 1];
    if (before === 0 && after === 0 && last !== undefined) {
      last.size *= size;
      last.before *= size;
      last.after *= size;
    } else {
      merged.push({ size, before, after });
    }
  });
  return { shape: merged.map((g) => g.size), paddings: merged.map((g) => [g.before, g.after]) };
}

/** A `PadV2` kernel for `context.backendName` that hands ranks up to 4 to the built-in kernel. */
export function padV2ForAnyRank(context: WebGpuKernelContext): KernelConfig {
  const { backendName, builtIn } = context;
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as KernelBackend;
    const x = inputs['x'] as TensorInfo;
    const { paddings, constantValue } = attrs as unknown as { paddings: Paddings; constantValue: number };
    if (x.shape.length <= MAX_NATIVE_RANK) return builtIn(args);
    const outShape = x.shape.map((size, axis) => size + (paddings[axis] as [number, number])[0] + (paddings[axis] as [number, number])[1]);
    const plan = mergeUnpaddedAxes(x.shape, paddings);
    if (plan.shape.length <= MAX_NATIVE_RANK) {
      const view = runKernel('Reshape', backendName, backend, { x }, { shape: plan.shape });
      const padded = builtIn({ inputs: { x: view }, backend, attrs: { paddings: plan.paddings, constantValue } as unknown as NamedAttrMap }) as TensorInfo;
      const out = runKernel('Reshape', backendName, backend, { x: padded }, { shape: outShape });
      release(backend, view, padded);
      return out;
    }
    // More than four padded axes: pad the first half of them, then the rest.
    const padded = paddings.map((p, axis) => (p[0] !== 0 || p[1] !== 0 ? axis : -1)).filter((axis) => axis >= 0);
    const firstHalf = new Set(padded.slice(0, Math.ceil(padded.length / 2)));
    const first: Paddings = paddings.map((p, axis) => (firstHalf.has(axis) ? p : [0, 0]));
    const second: Paddings = paddings.map((p, axis) => (firstHalf.has(axis) ? [0, 0] : p));
    const partial = kernelFunc({ inputs: { x }, backend, attrs: { paddings: first, constantValue } as unknown as NamedAttrMap }) as TensorInfo;
    const out = kernelFunc({ inputs: { x: partial }, backend, attrs: { paddings: second, constantValue } as unknown as NamedAttrMap }) as TensorInfo;
    release(backend, partial);
    return out;
  };
  return { kernelName: PadV2, backendName, kernelFunc };
}
