import type { BackbonePlugin, Estimator, EstimatorPlugin } from '@signflow/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '@signflow/data';
import { createRunEstimators } from '../config/run-estimators.js';
import type { RunConfig } from '../config/schema.js';

/** A model built for a run, with the estimators its schedules drive. */
export interface BuiltModel {
  readonly model: LayersModel;
  /** The weight and activation estimators (absent for full-precision parts). */
  readonly estimators: readonly Estimator[];
}

/**
 * Builds the run's model: the backbone for the dataset's image shape and classes, with the run's
 * weight and activation estimators ({@link createRunEstimators}).
 */
export function buildModel(config: RunConfig, backbone: BackbonePlugin, estimatorPlugin: EstimatorPlugin, dataset: Dataset): BuiltModel {
  const { weights, activations } = createRunEstimators(config, estimatorPlugin);
  const model = backbone.create({
    ...config.backboneOptions,
    numClasses: dataset.classNames.length,
    inputShape: [...dataset.imageShape] as [number, number, number],
    weightEstimator: weights,
    activationEstimator: activations,
    seed: config.seed,
  });
  return { model, estimators: [weights, activations].filter((e): e is Estimator => e !== null) };
}
