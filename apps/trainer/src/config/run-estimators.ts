import { TrainingClock, type Estimator, type EstimatorPlugin, type EstimatorRole, type ScheduleSpec } from '@signflow/core';
import type { RunConfig } from './schema.js';

/** The estimators of a run: weights and activations per the bit setting (null: full precision). */
export interface RunEstimators {
  readonly weights: Estimator | null;
  readonly activations: Estimator | null;
}

/**
 * Creates a run's estimators: 1/1 both, 1/32 weights only, 32/32 none. Each role gets the run's
 * estimator config over the plugin's role defaults.
 */
export function createRunEstimators(config: Pick<RunConfig, 'bits' | 'estimatorConfig'>, plugin: EstimatorPlugin): RunEstimators {
  const create = (role: EstimatorRole) => plugin.create({ ...plugin.roleDefaults?.[role], ...config.estimatorConfig });
  return { weights: config.bits === '32/32' ? null : create('weights'), activations: config.bits === '1/1' ? create('activations') : null };
}

/**
 * Binds each schedule to every estimator that has its hyper-parameter (weights and activations
 * alike, as the ReSTE authors set o on both). Throws when no estimator has it, or when a schedule
 * leaves the hyper-parameter's declared range.
 */
export function bindSchedules(
  clock: TrainingClock,
  estimators: readonly Estimator[],
  schedules: Readonly<Record<string, ScheduleSpec>>,
  granularity: RunConfig['scheduleGranularity'],
): TrainingClock {
  for (const [hyper, schedule] of Object.entries(schedules)) {
    const targets = estimators.filter((e) => hyper in e.hyperSpec);
    if (targets.length === 0 && estimators.length > 0) {
      const known = [...new Set(estimators.flatMap((e) => Object.keys(e.hyperSpec)))];
      throw new RangeError(`the estimator '${estimators[0].id}' has no hyper-parameter '${hyper}' to schedule; its hyper-parameters: ${known.join(', ') || '(none)'}.`);
    }
    if (targets.length > 0) clock.bind({ estimators: targets, hyper, schedule, granularity });
  }
  return clock;
}

/** The value each scheduled hyper-parameter has at the end of its schedule, over the estimator's own values. */
export function endHyper(estimator: Estimator, schedules: Readonly<Record<string, ScheduleSpec>>): Record<string, number> {
  const values: Record<string, number> = { ...estimator.hyper };
  for (const [hyper, spec] of Object.entries(schedules)) values[hyper] = spec.kind === 'fixed' ? spec.value : spec.to;
  return values;
}
