import type { Tensor } from '@tensorflow/tfjs-core';
import { estimatingError } from './estimating-error.js';
import { gradientInstability, gradientInstabilityPooled } from './gradient-instability.js';
import { checkExponent } from './power-fit.js';

/** The two indicators of one epoch. */
export interface EpochIndicators {
  /** 0-based epoch index. */
  readonly epoch: number;
  /** e: Σ_ℓ ‖f_{o_end}(W_ℓ) − sign(W_ℓ)‖₂. */
  readonly estimatingError: number;
  /** s: Σ_ℓ var(|∂L/∂W_ℓ|) (or the pooled variance, see {@link GradientInstabilityVariant}). */
  readonly gradientInstability: number;
}

/** The run-level numbers the ReSTE authors' code prints at the end of training. */
export interface IndicatorAggregates {
  /** Number of epochs that have indicator values. */
  readonly epochs: number;
  /** `Mean Estimating_Error`: Σ_epochs e / number of epochs. */
  readonly meanEstimatingError: number;
  /** `Total stability_var`: Σ_epochs s (summed, not averaged, as the code reports it). */
  readonly totalGradientInstability: number;
}

/**
 * Which gradient instability to record: `'per-layer'` (default) is the authors' code (variance
 * per layer, summed); `'pooled'` is the paper's wording (one variance over all binarised weights).
 */
export type GradientInstabilityVariant = 'per-layer' | 'pooled';

/**
 * The run aggregates of per-epoch indicators: mean e and summed s over the epochs given. Records
 * without both values (e.g. epoch log lines of a run without indicators) are skipped.
 */
export function aggregateIndicators(
  records: readonly { estimatingError?: number | null; gradientInstability?: number | null }[],
): IndicatorAggregates {
  const rows = records.filter(
    (r): r is { estimatingError: number; gradientInstability: number } =>
      typeof r.estimatingError === 'number' && typeof r.gradientInstability === 'number',
  );
  const sumE = rows.reduce((sum, r) => sum + r.estimatingError, 0);
  const sumS = rows.reduce((sum, r) => sum + r.gradientInstability, 0);
  return { epochs: rows.length, meanEstimatingError: rows.length === 0 ? Number.NaN : sumE / rows.length, totalGradientInstability: sumS };
}

/**
 * Keeps the estimating error and gradient instability of each epoch of a run and their
 * aggregates, following the authors' code (docs/method.md §9.4): the indicators are measured after the
 * optimiser step (weights after the update, gradients of that step) and only the last
 * measurement of each epoch is kept, so measuring on the last step of an epoch alone gives the
 * same record as measuring on every step.
 */
export class IndicatorTracker {
  private readonly byEpoch = new Map<number, EpochIndicators>();
  /** The final exponent o_end used for the estimating error. */
  readonly oEnd: number;
  /** Which gradient instability is recorded. */
  readonly variant: GradientInstabilityVariant;

  /**
   * @param options `oEnd`: the run's final exponent; `variant`: the gradient instability to record
   */
  constructor(options: { oEnd: number; variant?: GradientInstabilityVariant }) {
    this.oEnd = checkExponent('IndicatorTracker', options.oEnd);
    this.variant = options.variant ?? 'per-layer';
    if (this.variant !== 'per-layer' && this.variant !== 'pooled') {
      throw new RangeError(`IndicatorTracker: variant = ${JSON.stringify(options.variant)} must be 'per-layer' or 'pooled'.`);
    }
  }

  /**
   * Measures the indicators and records them for `epoch`, replacing an earlier measurement of the
   * same epoch.
   *
   * @param epoch 0-based epoch index
   * @param latentWeights the binarised layers' latent kernels after the optimiser step
   * @param weightGrads their gradients in that step, in the same order
   */
  observe(epoch: number, latentWeights: Tensor[], weightGrads: Tensor[]): EpochIndicators {
    if (latentWeights.length !== weightGrads.length) {
      throw new RangeError(
        `IndicatorTracker.observe: ${latentWeights.length} kernels but ${weightGrads.length} gradients; pass one gradient per kernel, in the same order.`,
      );
    }
    const s = this.variant === 'pooled' ? gradientInstabilityPooled(weightGrads) : gradientInstability(weightGrads);
    const values = { epoch, estimatingError: estimatingError(latentWeights, this.oEnd), gradientInstability: s };
    this.record(values);
    return values;
  }

  /** Records values measured elsewhere (e.g. read back from an epoch log when a run resumes). */
  record(values: EpochIndicators): void {
    if (!Number.isInteger(values.epoch) || values.epoch < 0) {
      throw new RangeError(`IndicatorTracker.record: epoch = ${String(values.epoch)} must be an integer >= 0.`);
    }
    for (const key of ['estimatingError', 'gradientInstability'] as const) {
      // NaN is kept: a diverged run must still be logged, not crash on its metrics.
      if (typeof values[key] !== 'number') {
        throw new TypeError(`IndicatorTracker.record: ${key} = ${String(values[key])} at epoch ${values.epoch} must be a number.`);
      }
    }
    this.byEpoch.set(values.epoch, { ...values });
  }

  /** The recorded epochs, in epoch order. */
  get epochs(): EpochIndicators[] {
    return [...this.byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }

  /** Mean e and summed s over the recorded epochs. */
  aggregates(): IndicatorAggregates {
    return aggregateIndicators(this.epochs);
  }
}
