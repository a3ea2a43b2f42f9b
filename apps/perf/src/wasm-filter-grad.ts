/**
 * The `wasm` backend of tfjs 4.22 has no Conv2DBackpropFilter kernel, so it cannot train a
 * convolutional network. This registers one built from the backend's own kernels (im2col +
 * matmul): for each filter tap, a strided slice of the padded input; the taps concatenated along
 * channels form the patch matrix P [N*OH*OW, KH*KW*CI], and dW = P^T · dY.
 */
import {
  backend_util,
  BatchMatMul,
  Concat,
  Conv2DBackpropFilter,
  getKernel,
  PadV2,
  registerKernel,
  Reshape,
  StridedSlice,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

function run(name: string, backend: KernelBackend, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`the wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

function conv2DBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { inputs, attrs } = args;
  const backend = args.backend as KernelBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs?.['filterShape'] as [number, number, number, number],
    attrs?.['strides'] as number | [number, number],
    1,
    attrs?.['pad'] as 'same' | 'valid' | number,
    attrs?.['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: ci, outChannels: co } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // Pad enough on the bottom/right for every tap's last window.
  const bottom = Math.max(0, (oh - 1) * sh + kh - top - info.inHeight);
  const right = Math.max(0, (ow - 1) * sw + kw - left - info.inWidth);
  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => {
    temporaries.push(t);
    return t;
  };
  const padded = keep(run(PadV2, backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }));
  const taps: TensorInfo[] = [];
  for (let r = 0; r < kh; r++) {
    for (let c = 0; c < kw; c++) {
      taps.push(
        keep(
          run(StridedSlice, backend, { x: padded }, {
            begin: [0, r, c, 0],
            end: [n, r + (oh - 1) * sh + 1, c + (ow - 1) * sw + 1, ci],
            strides: [1, sh, sw, 1],
            beginMask: 0,
            endMask: 0,
            ellipsisMask: 0,
            newAxisMask: 0,
            shrinkAxisMask: 0,
          }),
        ),
      );
    }
  }
  // Concat takes its inputs as an array.
  const columns = keep(run(Concat, backend, taps as unknown as NamedTensorInfoMap, { axis: 3 }));
  const patches = keep(run(Reshape, backend, { x: columns }, { shape: [n * oh * ow, kh * kw * ci] }));
  const grads = keep(run(Reshape, backend, { x: dy }, { shape: [n * oh * ow, co] }));
  const product = keep(run(BatchMatMul, backend, { a: patches, b: grads }, { transposeA: true, transposeB: false }));
  const result = run(Reshape, backend, { x: product }, { shape: [kh, kw, ci, co] });
  for (const t of temporaries) backend.disposeData(t.dataId);
  return result;
}

/** Registers the im2col + matmul Conv2DBackpropFilter for `wasm` (once). */
export function registerWasmConv2DBackpropFilter(): void {
  if (getKernel(Conv2DBackpropFilter, 'wasm') !== undefined) return;
  registerKernel({ kernelName: Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2DBackpropFilter as KernelFunc });
}
