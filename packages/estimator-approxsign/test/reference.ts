/**
 * The reference pseudo-gradient of ApproxSign (docs/method.md §5.5) in double precision: the derivative of
 * each piece of Bi-Real Net's polynomial, 2x + x² on [−1, 0) and 2x − x² on [0, 1), and 0 where
 * the polynomial is the constant ±1.
 */
export function referenceGrad(x: number): number {
  if (x < -1 || x >= 1) return 0;
  return x < 0 ? 2 + 2 * x : 2 - 2 * x;
}

/** The reference forward of the surrogate: Bi-Real Net's piecewise polynomial. */
export function referenceSurrogate(x: number): number {
  if (x < -1) return -1;
  if (x < 0) return 2 * x + x * x;
  if (x < 1) return 2 * x - x * x;
  return 1;
}
