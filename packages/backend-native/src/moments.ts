/**
 * Recognises batch statistics. tfjs-layers' BatchNormalization computes, in training,
 * `mean = Mean(x)`, `variance = Mean(Square(Sub(x, mean)))` over every axis but the last and then
 * runs `FusedBatchNorm(x, mean, variance)`. The native kernels use what this tracker records in
 * two ways: the centred tensor and its square are never computed unless something reads them
 * (the variance is one read-only pass over `x`), and the batch-norm gradient, knowing that its
 * mean and variance are exactly these, runs one fused training-mode backward kernel.
 *
 * Tensor data is immutable, so a data id identifies values: the native Mean, Sub and Square
 * kernels record what each of their outputs was computed from, keyed by the output's data id.
 * Reshape and same-dtype Cast keep the data id, so they need no record.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';
import { snapshot } from './snapshot.js';

type Derivation =
  | { readonly op: 'channel-mean'; readonly source: DataId; readonly sourceShape: readonly number[] }
  | { readonly op: 'square'; readonly source: DataId }
  | { readonly op: 'sub'; readonly a: TensorInfo; readonly b: TensorInfo };

/** `x - mean` where `mean` is `x`'s own per-channel mean: the centring step of `moments`. */
export interface Centring {
  readonly x: TensorInfo;
  readonly mean: TensorInfo;
}

/** Remembers how tensors were derived, for as long as they are alive. */
export class MomentsTracker {
  private readonly derivations = new WeakMap<DataId, Derivation>();
  /** Variances computed with a channel mean, by the mean's data id, until `moments` asks. */
  private readonly variances = new WeakMap<DataId, Float32Array>();

  /**
   * `out` is the mean of `x` over every axis but the last (keepDims either way); `variance`, if
   * given, is the variance computed in the same pass.
   */
  recordChannelMean(x: TensorInfo, out: TensorInfo, variance?: Float32Array): void {
    this.derivations.set(out.dataId, { op: 'channel-mean', source: x.dataId, sourceShape: x.shape });
    if (variance !== undefined) this.variances.set(out.dataId, variance);
  }

  /** The variance computed together with channel mean `mean`, if any (taken once). */
  takeVariance(mean: TensorInfo): Float32Array | undefined {
    const variance = this.variances.get(mean.dataId);
    this.variances.delete(mean.dataId);
    return variance;
  }

  /** `out = x * x`. */
  recordSquare(x: TensorInfo, out: TensorInfo): void {
    this.derivations.set(out.dataId, { op: 'square', source: x.dataId });
  }

  /** `out = a - b`. */
  recordSub(a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
    this.derivations.set(out.dataId, { op: 'sub', a: snapshot(a), b: snapshot(b) });
  }

  /** Whether `mean` holds the per-channel (last axis) mean of `x`'s data. */
  isChannelMeanOf(mean: TensorInfo, x: TensorInfo): boolean {
    const m = this.derivations.get(mean.dataId);
    return m?.op === 'channel-mean' && m.source === x.dataId && m.sourceShape.at(-1) === x.shape.at(-1);
  }

  /** The `x` and `mean` that `centred` is `x - mean` of, if it is a centring; else undefined. */
  centringOf(centred: TensorInfo): Centring | undefined {
    return this.centringOfData(centred.dataId);
  }

  /** The centring that `squared` is the square of, if any. */
  squaredCentringOf(squared: TensorInfo): Centring | undefined {
    const d = this.derivations.get(squared.dataId);
    return d?.op === 'square' ? this.centringOfData(d.source) : undefined;
  }

  private centringOfData(dataId: DataId): Centring | undefined {
    const d = this.derivations.get(dataId);
    if (d?.op !== 'sub' || !this.isChannelMeanOf(d.b, d.a)) return undefined;
    return { x: d.a, mean: d.b };
  }

  /**
   * Whether `mean` and `variance` are the biased batch mean and variance of `x` per channel
   * (last axis), computed as tfjs's `moments` does.
   */
  isBatchMoments(x: TensorInfo, mean: TensorInfo, variance: TensorInfo): boolean {
    // The same data seen with another last axis would give other statistics.
    const channels = x.shape[x.shape.length - 1];
    if (!this.isChannelMeanOf(mean, x)) return false;
    const v = this.derivations.get(variance.dataId);
    if (v?.op !== 'channel-mean' || v.sourceShape.at(-1) !== channels) return false;
    const squared = this.derivations.get(v.source);
    const centring = squared?.op === 'square' ? this.centringOfData(squared.source) : undefined;
    return centring?.x.dataId === x.dataId && centring.mean.dataId === mean.dataId;
  }
}
