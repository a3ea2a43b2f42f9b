import { registerEstimator, type EstimatorPlugin } from '@signflow/core';
import { plugin as approxsign } from '@signflow/estimator-approxsign';
import { plugin as dorefa } from '@signflow/estimator-dorefa';
import { plugin as dsq } from '@signflow/estimator-dsq';
import { plugin as ede } from '@signflow/estimator-ede';
import { plugin as fda } from '@signflow/estimator-fda';
import { plugin as rbnn } from '@signflow/estimator-rbnn';
import { plugin as reste } from '@signflow/estimator-reste';
import { plugin as ste } from '@signflow/estimator-ste';

/**
 * The estimator packages of the workspace (a test checks that none is missing). The page draws
 * their own `forward`, `surrogate` and `pseudoGrad`, so what it shows is what training runs.
 */
export const INSTALLED_PLUGINS: readonly EstimatorPlugin[] = [reste, ste, dorefa, ede, rbnn, approxsign, dsq, fda] as readonly EstimatorPlugin[];

/** Registers every installed plugin in core's registry (idempotent: the same plugin replaces itself silently). */
export function registerInstalledEstimators(): void {
  for (const plugin of INSTALLED_PLUGINS) registerEstimator(plugin);
}
