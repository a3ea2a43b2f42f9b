import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of the wasm backend this kernel uses (the class is not exported with types we can name). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): backend_util.TypedArray;
  disposeData(dataId: object): boolean;
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships none (so no convolution could train on
 * it). dW = im2col(x)ᵀ · dy: the patches are gathered into the wasm heap and multiplied by the
 * backend's own BatchMatMul kernel (XNNPACK), so the heavy part runs as native wasm.
 */
export const wasmConv2DBackpropFilter: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as unknown as WasmBackend;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only.');
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
    const rows = batchSize * outHeight * outWidth;
    const patch = filterHeight * filterWidth * inChannels;
    const cols = wasm.makeOutput([1, rows, patch], 'float32');
    // Views on the heap are taken after the allocation: it may have grown the heap.
    const colsValues = wasm.typedArrayFromHeap(cols) as Float32Array;
    const xValues = wasm.typedArrayFromHeap(x) as Float32Array;
    gatherPatches(xValues, colsValues, info, inHeight, inWidth);
    const dyRows: TensorInfo = { dataId: dy.dataId, shape: [1, rows, outChannels], dtype: dy.dtype };
    const matMul = tf.getKernel('BatchMatMul', 'wasm');
    if (matMul === undefined) throw new Error('the wasm backend has no BatchMatMul kernel');
    const product = matMul.kernelFunc({ inputs: { a: cols, b: dyRows }, backend, attrs: { transposeA: true, transposeB: false } }) as TensorInfo;
    wasm.disposeData(cols.dataId);
    return { dataId: product.dataId, shape: filterShape, dtype: 'float32' };
  },
};

/** im2col: row r = (n, oh, ow) holds the receptive field of that output, zeros where it falls in the padding. */
function gatherPatches(x: Float32Array, cols: Float32Array, info: backend_util.Conv2DInfo, inHeight: number, inWidth: number): void {
  const { batchSize, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = info;
  const patch = filterHeight * filterWidth * inChannels;
  let row = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        const base = row * patch;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - padInfo.top + kh * dilationHeight;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth - padInfo.left + kw * dilationWidth;
            const dst = base + (kh * filterWidth + kw) * inChannels;
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
              cols.fill(0, dst, dst + inChannels);
            } else {
              const src = ((n * inHeight + ih) * inWidth + iw) * inChannels;
              cols.set(x.subarray(src, src + inChannels), dst);
            }
          }
        }
      }
    }
  }
}
