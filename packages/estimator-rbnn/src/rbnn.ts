import { RBNNActivations } from './activations.js';
import { resolveRBNNConfig, type RBNNConfig } from './config.js';
import type { RBNNEstimator } from './rbnn-estimator.js';
import { RBNNWeights } from './weights.js';

/**
 * Creates an RBNN estimator (Lin et al., "Rotated Binary Neural Network", NeurIPS 2020):
 * - `{ mode: 'weights', t, k? }` (the default, t = 0.01): {@link RBNNWeights},
 *   γ = max(0, k·(√2·t − t²·|x|)) with k = max(1/t, 1) unless k is given;
 * - `{ mode: 'activations', t }`: {@link RBNNActivations}, the same with k = 1 and t_a = max(t, 1).
 *
 * An unknown key, another mode, a k for activations, or a t or k that is not a finite number > 0
 * throws a RangeError naming the value and what is allowed.
 *
 * @example
 * ```ts
 * const weights = createRBNN();                                // t = 0.01, k = 100
 * const activations = createRBNN({ mode: 'activations' });     // t_a = 1, k = 1
 * ```
 */
export function createRBNN(config?: Partial<RBNNConfig>): RBNNEstimator {
  const { mode, t, k } = resolveRBNNConfig(config);
  return mode === 'activations' ? new RBNNActivations(t) : new RBNNWeights(t, k);
}
