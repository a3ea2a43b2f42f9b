/**
 * Batched matrix multiplication (plain and fused with bias and activation) on oneDNN. Supported
 * natively: float32 operands whose batch dimensions are equal or where one side has a single
 * batch; a bias with one value per output column. Anything else runs on `cpu`.
 */
import {
  BatchMatMul,
  broadcast_util,
  util,
  _FusedMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type TensorInfo,
  type _FusedMatMulAttrs,
} from '@tensorflow/tfjs-core';
import { activationCode, type ActivationAttrs } from './activation.js';
import { allFloat32, ints, nativeKernel, type NativeArgs } from './kernel.js';

function matmul({ inputs, attrs, backend }: NativeArgs<BatchMatMulAttrs & ActivationAttrs>, fused: boolean): TensorInfo | null {
  const { a, b, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
  if (a === undefined || b === undefined || !allFloat32(backend, a, b, bias) || preluActivationWeights != null) return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const activation = fused ? activationCode(attrs) : { code: 0, alpha: 0 };
  if (activation === null) return null;
  const transposeA = attrs.transposeA === true;
  const transposeB = attrs.transposeB === true;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  if ((transposeB ? bCols : bRows) !== k) return null;
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const batchShape = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = util.sizeFromShape(batchShape);
  if (batch !== Math.max(batchA, batchB) || (batchA !== batchB && Math.min(batchA, batchB) !== 1)) return null;
  if (bias != null && util.sizeFromShape(bias.shape) !== n) return null;
  const out = backend.output([...batchShape, m, n], 'float32');
  backend.addon.matmul(
    backend.valuesOf(a) as Float32Array,
    backend.valuesOf(b) as Float32Array,
    bias == null ? null : (backend.valuesOf(bias) as Float32Array),
    out.values,
    ints([batchA, batchB, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0]),
    activation.code,
    activation.alpha,
  );
  return out.info;
}

/** The native matrix-multiplication kernels. */
export const matmulKernels: KernelConfig[] = [
  nativeKernel<BatchMatMulAttrs>(BatchMatMul, (args) => matmul(args, false)),
  nativeKernel<_FusedMatMulAttrs>(_FusedMatMul, (args) => matmul(args, true)),
];
