/**
 * signflow's own models as users train them: a zoo backbone whose binary convolutions quantise
 * their weights (1W) and inputs (1A) with an estimator plugin, built as `signflow train` builds
 * it (each role's config over the plugin's role defaults), with layer-mean α weight scaling.
 */
import type { Estimator, EstimatorPlugin, EstimatorRole } from '@signflow/core';
import { plugin as approxsign } from '@signflow/estimator-approxsign';
import { plugin as dorefa } from '@signflow/estimator-dorefa';
import { plugin as dsq } from '@signflow/estimator-dsq';
import { plugin as ede } from '@signflow/estimator-ede';
import { plugin as fda } from '@signflow/estimator-fda';
import { plugin as rbnn } from '@signflow/estimator-rbnn';
import { plugin as reste } from '@signflow/estimator-reste';
import { plugin as ste } from '@signflow/estimator-ste';
import { resnet20 } from '@signflow/zoo-resnet';
import { vggSmall } from '@signflow/zoo-vgg';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** The estimator plugins by id. */
export const ESTIMATORS: Readonly<Record<string, EstimatorPlugin>> = { reste, ste, dorefa, approxsign, dsq, ede, fda, rbnn } as Record<string, EstimatorPlugin>;

/** The zoo models the benchmark times. */
export const MODELS = ['resnet20', 'vgg-small'] as const;
export type ZooModel = (typeof MODELS)[number];

/** Binary weights and activations, or binary weights only. */
export const PRECISIONS = ['1w1a', '1w32a'] as const;
/** Those, or the full-precision network (no estimators, 32-bit weights and activations). */
export type ZooPrecision = (typeof PRECISIONS)[number] | 'float';

/**
 * The config each estimator runs with, where not its default: ReSTE at o = 2, between the
 * straight-through o = 1 and the schedule's end, as measured in the issue that set the targets.
 */
export const BENCH_CONFIGS: Readonly<Record<string, Record<string, unknown>>> = { reste: { o: 2 } };

/** The estimator of `role` from plugin `id`, as the trainer makes it. */
export function estimatorFor(id: string, role: EstimatorRole, config: Record<string, unknown> = BENCH_CONFIGS[id] ?? {}): Estimator {
  const plugin = ESTIMATORS[id];
  if (plugin === undefined) throw new Error(`unknown estimator '${id}'; known: ${Object.keys(ESTIMATORS).join(', ')}`);
  return plugin.create({ ...plugin.roleDefaults?.[role], ...config });
}

/**
 * Builds `model` for 32×32×3 images and 10 classes with estimator `id` at `precision`; `float`
 * builds the same architecture without estimators (the zoo's full-precision network).
 */
export function zooModel(model: ZooModel, id: string, precision: ZooPrecision, seed = 1, config?: Record<string, unknown>): LayersModel {
  const options = {
    seed,
    weightEstimator: precision === 'float' ? null : estimatorFor(id, 'weights', config),
    activationEstimator: precision === '1w1a' ? estimatorFor(id, 'activations', config) : null,
  };
  return model === 'resnet20' ? resnet20(options) : vggSmall(options);
}
