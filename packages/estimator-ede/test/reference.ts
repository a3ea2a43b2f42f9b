import type { EDEConfig } from '../src/index.js';

/** IR-Net's scale rule k = max(1/t, 1), written again independently of the package. */
export function referenceScale(t: number): number {
  return t < 1 ? 1 / t : 1;
}

/**
 * The reference pseudo-gradient of EDE (docs/method.md §5.3) in double precision: k·t·sech²(t·x), written
 * with cosh where the implementation uses 1 − tanh², and with k = max(1/t, 1) unless fixed.
 */
export function referenceGrad(config: EDEConfig): (x: number) => number {
  const k = config.k ?? referenceScale(config.t);
  return (x: number): number => {
    const c = Math.cosh(config.t * x);
    return (k * config.t) / (c * c);
  };
}
