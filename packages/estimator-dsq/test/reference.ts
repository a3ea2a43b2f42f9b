import type { DSQConfig } from '../src/index.js';

/**
 * The reference pseudo-gradient of binary DSQ (docs/method.md §5.6) in double precision, derived
 * independently: the soft quantiser φ(x) = s·tanh(k·x) must reach ±1 at the clip points ±1 with
 * α = 1 − tanh(k·Δ/2), so k = atanh(1 − α) (Δ = 2) and s = 1/tanh(k) = 1/(1 − α); γ = φ' = s·k·sech²(k·x)
 * on [−1, 1], 0 outside.
 */
export function referenceGrad(config: DSQConfig): (x: number) => number {
  const k = Math.atanh(1 - config.alpha);
  const s = 1 / Math.tanh(k);
  return (x: number): number => {
    if (x < -1 || x > 1) return 0;
    const c = Math.cosh(k * x);
    return (s * k) / (c * c);
  };
}
