/**
 * Sum, Mean, Max, Min and Prod of float32 tensors over a contiguous block of axes (after sorting),
 * which covers per-channel statistics, global pooling and the reductions of broadcast gradients.
 * Other axis sets run on `cpu`. The variance step of `moments` reads `x` instead of its deferred
 * centred square.
 */
import { Max, Mean, Min, Prod, Sum, util, type KernelConfig, type MaxAttrs, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { ensureGlobalPatches } from '../global-patches.js';
import { allFloat32, nativeKernel, type NativeArgs } from './kernel.js';

// Codes shared with native/reduce.cc.
const REDUCE_OPS = [Sum, Mean, Max, Min, Prod] as const;

/** A reduction kernel; `axisOf` reads its axes (Max alone names them `reductionIndices`). */
function reduce<Attrs extends SumAttrs | MaxAttrs>(kernelName: string, code: number, axisOf: (attrs: Attrs) => number | number[]) {
  return ({ inputs, attrs, backend }: NativeArgs<Attrs>): TensorInfo | null => {
    const { x } = inputs as Record<string, TensorInfo | undefined>;
    if (x === undefined || !allFloat32(backend, x) || x.shape.length === 0) return null;
    const axis = axisOf(attrs);
    const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    if (axes.length === 0 || axes.some((axis, i) => i > 0 && axis !== (axes[i - 1] as number) + 1)) return null;
    const first = axes[0] as number;
    const last = axes[axes.length - 1] as number;
    const outer = util.sizeFromShape(x.shape.slice(0, first));
    const size = util.sizeFromShape(x.shape.slice(first, last + 1));
    const inner = util.sizeFromShape(x.shape.slice(last + 1));
    const keepDims = attrs.keepDims === true;
    const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const channelMean = kernelName === Mean && first === 0 && last === x.shape.length - 2;
    const fresh = backend.output(shape, 'float32');
    // The variance step of `moments`: its square is never computed. The mean's pass computed the
    // variance already; otherwise it is one read-only pass over x. (A deferred output keeps its
    // sources alive; once computed it is reduced like any tensor.)
    const centring = channelMean && backend.isDeferred(x) ? backend.moments.squaredCentringOf(x) : undefined;
    let variance: Float32Array | undefined;
    if (centring !== undefined) {
      const { x: source, mean } = centring;
      const ready = backend.moments.takeVariance(mean);
      if (ready !== undefined) fresh.values.set(ready);
      else backend.addon.channelVariance(backend.valuesOf(source) as Float32Array, backend.valuesOf(mean) as Float32Array, fresh.values, size, inner);
    } else if (channelMean) {
      variance = new Float32Array(inner);
      backend.addon.channelMoments(backend.valuesOf(x) as Float32Array, fresh.values, variance, size, inner);
    } else {
      backend.addon.reduce(code, backend.valuesOf(x) as Float32Array, fresh.values, outer, size, inner);
    }
    const out = fresh.info;
    if (channelMean) {
      ensureGlobalPatches();
      backend.moments.recordChannelMean(x, out, variance);
    }
    return out;
  };
}

/** The native reduction kernels. */
export const reduceKernels: KernelConfig[] = REDUCE_OPS.map((name, code) =>
  // Sum, Mean, Min and Prod have the same attributes (`SumAttrs`, `MeanAttrs`, ...).
  name === Max
    ? nativeKernel<MaxAttrs>(name, reduce<MaxAttrs>(name, code, (attrs) => attrs.reductionIndices))
    : nativeKernel<SumAttrs>(name, reduce<SumAttrs>(name, code, (attrs) => attrs.axis)),
);
