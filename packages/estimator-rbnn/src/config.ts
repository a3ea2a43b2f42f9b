import { resolveConfig } from '@signflow/core';

/** What an RBNN estimator is applied to: latent weights or activations. */
export type RBNNMode = 'weights' | 'activations';

/** The modes, in the order they are documented. */
export const RBNN_MODES: readonly RBNNMode[] = ['weights', 'activations'];

/** The configuration of an RBNN estimator (JSON). */
export type RBNNConfig = {
  /** `'weights'` (the default) or `'activations'` (k = 1 and t_a = max(t, 1), RBNN's `BinaryQuantize_a`). */
  mode: RBNNMode;
  /** The sharpness t > 0; schedules raise it. */
  t: number;
  /**
   * Weights only: the gradient scale k > 0. Absent: k follows t as max(1/t, 1), recomputed
   * whenever t is set (the RBNN rule). Given: k stays fixed.
   */
  k?: number;
};

/** Weights at the start of RBNN's schedule: t = T_min = 0.01, so k = max(1/0.01, 1) = 100. */
export const RBNN_DEFAULTS: Readonly<RBNNConfig> = Object.freeze({ mode: 'weights', t: 0.01, k: undefined });

/**
 * Reads an RBNN config: rejects unknown keys, fills {@link RBNN_DEFAULTS}, checks the mode, and
 * rejects a k for activations (whose k is always 1). Ranges are checked by the estimators.
 */
export function resolveRBNNConfig(config: Partial<RBNNConfig> | undefined): RBNNConfig {
  const resolved = resolveConfig('rbnn', { ...RBNN_DEFAULTS }, config);
  if (!RBNN_MODES.includes(resolved.mode)) {
    throw new RangeError(`rbnn: mode = ${JSON.stringify(resolved.mode)} is not one of ${RBNN_MODES.join(', ')}.`);
  }
  if (resolved.mode === 'activations' && resolved.k !== undefined) {
    throw new RangeError(
      `rbnn: k = ${String(resolved.k)} was given for mode 'activations', whose k is always 1 (RBNN's activation estimator); remove k, or use mode 'weights'.`,
    );
  }
  return resolved;
}
