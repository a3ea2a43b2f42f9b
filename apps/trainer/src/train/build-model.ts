import type { BackbonePlugin, Estimator, EstimatorPlugin, EstimatorRole, ScheduleSpec } from '@signflow/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Dataset } from '@signflow/data';
import type { RunConfig } from '../config/schema.js';

/** A model built for a run, with the estimators its schedules drive. */
export interface BuiltModel {
  readonly model: LayersModel;
  /** The weight and activation estimators (absent for full-precision parts). */
  readonly estimators: readonly Estimator[];
}

/**
 * Builds the run's model: the backbone for the dataset's image shape and classes, with weight
 * and activation estimators from the plugin per the bit setting (1/1: both; 1/32: weights only;
 * 32/32: none). Both roles get the run's estimator config over the plugin's role defaults; their
 * hyper-parameters are scheduled together, as the ReSTE authors set `o` on weights and
 * activations alike.
 */
export function buildModel(config: RunConfig, backbone: BackbonePlugin, estimatorPlugin: EstimatorPlugin, dataset: Dataset): BuiltModel {
  const create = (role: EstimatorRole) => estimatorPlugin.create({ ...estimatorPlugin.roleDefaults?.[role], ...config.estimatorConfig });
  const weights = config.bits === '32/32' ? null : create('weights');
  const activations = config.bits === '1/1' ? create('activations') : null;
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

/** The ReSTE `o` schedule a run configuration describes: from 1 to o_end, or fixed at o_end. */
export function oSchedule(config: Pick<RunConfig, 'oEnd' | 'oSchedule' | 'oPower'>): ScheduleSpec {
  if (config.oSchedule === 'fixed') return { kind: 'fixed', value: config.oEnd };
  if (config.oSchedule === 'power') return { kind: 'power', from: 1, to: config.oEnd, power: config.oPower };
  return { kind: config.oSchedule, from: 1, to: config.oEnd };
}
