import type { FDAConfig } from '../src/index.js';

/**
 * The reference pseudo-gradient of FDA (docs/method.md §5.7) in double precision, in closed form rather
 * than as the sum the implementation computes: Σ_{i<n} cos((2i+1)u) = sin(2nu)/(2·sin u), so
 * γ(x) = (2ω/π)·sin(2nωx)/sin(ωx), whose limit where sin(ωx) = 0 (ωx = kπ) is (2ω/π)·2n·(−1)^k.
 */
export function referenceGrad(config: FDAConfig): (x: number) => number {
  const omega = (2 * Math.PI) / config.T;
  return (x: number): number => {
    const u = omega * x;
    const sinU = Math.sin(u);
    if (Math.abs(sinU) < 1e-12) return ((2 * omega) / Math.PI) * 2 * config.n * (Math.round(u / Math.PI) % 2 === 0 ? 1 : -1);
    return ((2 * omega) / Math.PI) * (Math.sin(2 * config.n * u) / sinU);
  };
}
