/**
 * Integer thresholds for binary layers whose output is binarised again: with the dot product c
 * of ±1 vectors (an integer in [−n, n]), the layer's float output is
 * f(c) = m · g(α · c + b₀) + b with g = ReLU or the identity, and the next layer needs only
 * whether f(c) ≥ 0 (sign maps 0 to +1). f is monotone in c, so {c : f(c) ≥ 0} is every c from a
 * threshold up (`direction` +1) or down (−1); a binary search over the integers in [−n, n]
 * finds it, evaluating f in double precision.
 */
export interface Threshold {
  /** +1: the output is +1 when c ≥ threshold; −1: when c ≤ threshold. */
  readonly direction: 1 | -1;
  readonly threshold: number;
}

/** One channel's epilogue, every term in double precision. */
export interface ChannelEpilogue {
  readonly alpha: number;
  readonly bias: number;
  readonly relu: boolean;
  readonly multiplier: number;
  readonly shift: number;
}

/** The threshold of one channel for dot products in [−n, n]. */
export function thresholdOf(e: ChannelEpilogue, n: number): Threshold {
  const f = (c: number): number => {
    const v = e.alpha * c + e.bias;
    return e.multiplier * (e.relu ? Math.max(v, 0) : v) + e.shift;
  };
  const plus = (c: number): boolean => f(c) >= 0;
  const increasing = plus(n) || !plus(-n) ? true : false;
  if (increasing) {
    // smallest c in [−n, n] with f(c) ≥ 0, or n + 1 when there is none
    if (!plus(n)) return { direction: 1, threshold: n + 1 };
    let lo = -n;
    let hi = n;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (plus(mid)) hi = mid;
      else lo = mid + 1;
    }
    return { direction: 1, threshold: lo };
  }
  // f(−n) ≥ 0 and f(n) < 0: non-increasing; largest c with f(c) ≥ 0
  let lo = -n;
  let hi = n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (plus(mid)) lo = mid;
    else hi = mid - 1;
  }
  return { direction: -1, threshold: lo };
}
