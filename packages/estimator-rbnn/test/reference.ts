import type { RBNNConfig } from '../src/index.js';

/**
 * The reference pseudo-gradient of RBNN (docs/method.md §5.4) in double precision, written from the
 * paper's F(x) = k(√2·t·x − sign(x)·t²x²/2) on |x| ≤ √2/t: its derivative k(√2·t − t²|x|) inside,
 * 0 outside. Weights: k = max(1/t, 1) unless fixed; activations: k = 1, t_a = max(t, 1).
 */
export function referenceGrad(config: Partial<RBNNConfig> & { t: number }): (x: number) => number {
  const activations = config.mode === 'activations';
  const t = activations ? Math.max(config.t, 1) : config.t;
  const k = activations ? 1 : (config.k ?? (config.t < 1 ? 1 / config.t : 1));
  return (x: number): number => (Math.abs(x) <= Math.sqrt(2) / t ? k * (Math.sqrt(2) * t - t * t * Math.abs(x)) : 0);
}

/** Where the reference's gradient reaches 0: |x| = √2/t (t_a for activations). */
export function edgeOf(config: Partial<RBNNConfig> & { t: number }): number {
  return Math.sqrt(2) / (config.mode === 'activations' ? Math.max(config.t, 1) : config.t);
}
