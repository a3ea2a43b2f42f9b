/**
 * Sum, Mean, Max, Min and Prod of float32 tensors over a contiguous block of axes (after sorting),
 * which covers per-channel statistics, global pooling and the reductions of broadcast gradients.
 * Other axis sets run on `cpu`.
 */
import { Max, Mean, Min, Prod, Sum, util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { ensureGradientOverrides } from '../gradients.js';
import { allFloat32, nativeKernel, type NativeArgs } from './kernel.js';

// Codes shared with native/reduce.cc.
const REDUCE_OPS = [Sum, Mean, Max, Min, Prod] as const;

function reduce(kernelName: string, code: number) {
  return ({ inputs, attrs, backend }: NativeArgs): TensorInfo | null => {
    const { x } = inputs as Record<string, TensorInfo | undefined>;
    if (x === undefined || !allFloat32(backend, x) || x.shape.length === 0) return null;
    // Max alone names its axes `reductionIndices`.
    const axis = (kernelName === Max ? attrs['reductionIndices'] : attrs['axis']) as number | number[];
    const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    if (axes.length === 0 || axes.some((axis, i) => i > 0 && axis !== (axes[i - 1] as number) + 1)) return null;
    const first = axes[0] as number;
    const last = axes[axes.length - 1] as number;
    const outer = util.sizeFromShape(x.shape.slice(0, first));
    const size = util.sizeFromShape(x.shape.slice(first, last + 1));
    const inner = util.sizeFromShape(x.shape.slice(last + 1));
    const keepDims = attrs['keepDims'] === true;
    const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const channelMean = kernelName === Mean && first === 0 && last === x.shape.length - 2;
    // The variance step of `moments`: computed already by the centring Sub.
    const ahead = channelMean ? backend.takeAhead(x) : undefined;
    let out: TensorInfo;
    if (ahead !== undefined && ahead.square === undefined) {
      out = backend.adopt(shape, ahead.variance);
    } else {
      const fresh = backend.output(shape, 'float32');
      backend.addon.reduce(code, backend.valuesOf(x) as Float32Array, fresh.values, outer, size, inner);
      out = fresh.info;
    }
    if (channelMean) {
      ensureGradientOverrides();
      backend.moments.recordChannelMean(x, out);
    }
    return out;
  };
}

/** The native reduction kernels. */
export const reduceKernels: KernelConfig[] = REDUCE_OPS.map((name, code) => nativeKernel(name, reduce(name, code)));
