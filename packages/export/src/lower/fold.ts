import type { IrBatchNorm } from './graph.js';

/**
 * A batch norm at inference as y = multiplier · x + bias per channel:
 * multiplier = γ / √(σ² + ε), bias = β − μ · multiplier, computed in double precision and rounded
 * once to float32.
 */
export function foldBatchNorm(bn: IrBatchNorm): { multiplier: Float32Array; bias: Float32Array } {
  const multiplier = new Float32Array(bn.gamma.length);
  const bias = new Float32Array(bn.gamma.length);
  for (let c = 0; c < bn.gamma.length; c++) {
    const m = bn.gamma[c] / Math.sqrt(bn.variance[c] + bn.epsilon);
    multiplier[c] = m;
    bias[c] = bn.beta[c] - bn.mean[c] * m;
  }
  return { multiplier, bias };
}
