import type { Estimator } from './estimator.js';
import { createEstimator } from '../registry/plugin-registry.js';

/** How a layer stores an estimator in its JSON config: the plugin id and its config. */
export interface EstimatorRef {
  /** Plugin id in the estimator registry. */
  readonly id: string;
  /** The estimator's `getConfig()`. */
  readonly config: Record<string, unknown>;
}

/** The JSON reference for `estimator` (null stays null: full precision). */
export function toEstimatorRef(estimator: Estimator | null): EstimatorRef | null {
  return estimator === null ? null : { id: estimator.id, config: estimator.getConfig() };
}

/**
 * An estimator from either a live instance or a JSON reference (rebuilt through the registry, so
 * the plugin must be registered before a saved model is loaded). `undefined` and `null` mean
 * full precision.
 */
export function resolveEstimator(value: Estimator | EstimatorRef | null | undefined): Estimator | null {
  if (value === null || value === undefined) return null;
  if (typeof (value as Estimator).forward === 'function') return value as Estimator;
  const ref = value as EstimatorRef;
  if (typeof ref.id !== 'string') {
    throw new TypeError(`Expected an estimator or a { id, config } reference, got ${JSON.stringify(value)}.`);
  }
  return createEstimator(ref.id, ref.config);
}
