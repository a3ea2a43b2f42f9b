import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { inject, injectable } from 'tsyringe';
import { getEstimatorPlugin } from '@signflow/core';
import { binarizedKernels, estimatingErrorAsync, gradientInstabilityAsync, kernelGradients, kernelValues } from '@signflow/metrics';
import { endHyper } from '../config/run-estimators.js';
import type { RunConfig } from '../config/schema.js';
import { TOKENS } from '../container/tokens.js';
import type { EpochRecord } from '../run/epoch-log.js';
import type { RunContext } from '../run/run-context.js';
import type { TrainingObserver } from './observer.js';

/** The exponent o_end of the paper's estimating error when a plugin declares none. */
export const DEFAULT_INDICATOR_EXPONENT = 3;

/**
 * The exponent p of the power function sign(x)|x|^(1/p) that a run's estimating error is measured
 * against: the estimator plugin's `indicatorExponent` of the hyper-parameters the run ends with
 * (ReSTE: o_end), or {@link DEFAULT_INDICATOR_EXPONENT}.
 */
export function indicatorExponent(config: Pick<RunConfig, 'estimator' | 'estimatorConfig' | 'schedules'>): number {
  const plugin = getEstimatorPlugin(config.estimator);
  if (plugin.indicatorExponent === undefined) return DEFAULT_INDICATOR_EXPONENT;
  const estimator = plugin.create({ ...plugin.roleDefaults?.weights, ...config.estimatorConfig });
  return plugin.indicatorExponent(endHyper(estimator, config.schedules));
}

/**
 * The paper's two indicators as the authors' code computes them, after the last update of each
 * epoch: estimating error Σ_layers ‖f_p(W) − sign(W)‖₂ over the binarised kernels (p from
 * {@link indicatorExponent}), and gradient instability Σ_layers var(|dL/dW|) (unbiased) of that
 * step's gradients. Off for full-precision runs and with `indicators: false`.
 */
@injectable()
export class IndicatorObserver implements TrainingObserver {
  private fields: Partial<EpochRecord> = {};
  private readonly exponent: number;

  constructor(@inject(TOKENS.RunContext) private readonly run: RunContext) {
    this.exponent = indicatorExponent(run.config);
  }

  async afterLastUpdate(model: LayersModel, grads: tf.NamedTensorMap): Promise<void> {
    if (!this.run.config.indicators) return;
    const kernels = binarizedKernels(model);
    if (kernels.length === 0) return;
    const [estimatingError, gradientInstability] = await Promise.all([
      estimatingErrorAsync(kernelValues(kernels), this.exponent),
      gradientInstabilityAsync(kernelGradients(kernels, grads)),
    ]);
    this.fields = { estimatingError, gradientInstability };
  }

  epochFields(): Partial<EpochRecord> {
    const fields = this.fields;
    this.fields = {};
    return fields;
  }
}
