/**
 * Recognises batch statistics. tfjs-layers' BatchNormalization computes, in training,
 * `mean = Mean(x)`, `variance = Mean(Square(Sub(x, mean)))` over every axis but the last and then
 * runs `FusedBatchNorm(x, mean, variance)`. When the batch-norm gradient knows that its mean and
 * variance are exactly these, it can run one fused training-mode backward kernel.
 *
 * Tensor data is immutable, so a data id identifies values: the native Mean, Sub and Square
 * kernels record what each of their outputs was computed from, keyed by the output's data id.
 * Reshape and same-dtype Cast keep the data id, so they need no record.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';

type Derivation =
  | { readonly op: 'channel-mean'; readonly source: DataId; readonly sourceShape: readonly number[] }
  | { readonly op: 'square'; readonly source: DataId }
  | { readonly op: 'sub'; readonly a: DataId; readonly b: DataId };

/** Remembers how tensors were derived, for as long as they are alive. */
export class MomentsTracker {
  private readonly derivations = new WeakMap<DataId, Derivation>();

  /** `out` is the mean of `x` over every axis but the last (keepDims either way). */
  recordChannelMean(x: TensorInfo, out: TensorInfo): void {
    this.derivations.set(out.dataId, { op: 'channel-mean', source: x.dataId, sourceShape: x.shape });
  }

  /** `out = x * x`. */
  recordSquare(x: TensorInfo, out: TensorInfo): void {
    this.derivations.set(out.dataId, { op: 'square', source: x.dataId });
  }

  /** `out = a - b`. */
  recordSub(a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
    this.derivations.set(out.dataId, { op: 'sub', a: a.dataId, b: b.dataId });
  }

  /** Whether `mean` holds the per-channel (last axis) mean of `x`'s data. */
  isChannelMeanOf(mean: TensorInfo, x: TensorInfo): boolean {
    const m = this.derivations.get(mean.dataId);
    return m?.op === 'channel-mean' && m.source === x.dataId && m.sourceShape.at(-1) === x.shape.at(-1);
  }

  /**
   * Whether `mean` and `variance` are the biased batch mean and variance of `x` per channel
   * (last axis), computed as tfjs's `moments` does.
   */
  isBatchMoments(x: TensorInfo, mean: TensorInfo, variance: TensorInfo): boolean {
    // The same data seen with another last axis would give other statistics.
    const channels = x.shape[x.shape.length - 1];
    const m = this.derivations.get(mean.dataId);
    if (m?.op !== 'channel-mean' || m.source !== x.dataId || m.sourceShape.at(-1) !== channels) {
      return false;
    }
    const v = this.derivations.get(variance.dataId);
    if (v?.op !== 'channel-mean' || v.sourceShape.at(-1) !== channels) return false;
    const squared = this.derivations.get(v.source);
    if (squared?.op !== 'square') return false;
    const centred = this.derivations.get(squared.source);
    return centred?.op === 'sub' && centred.a === x.dataId && centred.b === mean.dataId;
  }
}
