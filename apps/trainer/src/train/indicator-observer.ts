import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { inject, injectable } from 'tsyringe';
import { TOKENS } from '@signflow/core';
import { binarizedKernels, estimatingError, gradientInstability, kernelGradients, kernelValues } from '@signflow/metrics';
import type { RunConfig } from '../config/schema.js';
import type { EpochRecord } from '../run/epoch-log.js';
import type { TrainingObserver } from './observer.js';

/**
 * The paper's two indicators as the authors' code computes them (spec §6.2), after the last
 * update of each epoch: estimating error Σ_layers ‖f_{o_end}(W) − sign(W)‖₂ over the binarised
 * kernels, and gradient instability Σ_layers var(|dL/dW|) (unbiased) of that step's gradients.
 * Off for full-precision runs and with `indicators: false`.
 */
@injectable()
export class IndicatorObserver implements TrainingObserver {
  private fields: Partial<EpochRecord> = {};

  constructor(@inject(TOKENS.RunConfig) private readonly config: RunConfig) {}

  afterLastUpdate(model: LayersModel, grads: tf.NamedTensorMap): void {
    if (!this.config.indicators) return;
    const kernels = binarizedKernels(model);
    if (kernels.length === 0) return;
    this.fields = {
      estimatingError: estimatingError(kernelValues(kernels), this.config.oEnd),
      gradientInstability: gradientInstability(kernelGradients(kernels, grads)),
    };
  }

  epochFields(): Partial<EpochRecord> {
    const fields = this.fields;
    this.fields = {};
    return fields;
  }
}
