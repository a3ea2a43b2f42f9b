/**
 * Independent host-side references for the DoReFa quantisers (docs/method.md §5.2), in double precision.
 */

/** Round half to even, as `tf.round` and `torch.round`. */
export function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const frac = v - floor;
  if (frac < 0.5) return floor;
  if (frac > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** quantize_k(r) = round((2^k − 1)·r) / (2^k − 1). */
export function quantizeK(r: number, bits: number): number {
  const levels = 2 ** bits - 1;
  return roundHalfEven(levels * r) / levels;
}

/** k-bit activations: quantize_k(clip(a, 0, 1)). */
export function activationForward(bits: number): (a: number) => number {
  return (a) => quantizeK(Math.min(1, Math.max(0, a)), bits);
}

/** The clip's derivative, both ends of [0, 1] included. */
export function activationGrad(a: number): number {
  return a >= 0 && a <= 1 ? 1 : 0;
}

/** F(w) = tanh(w) / max|tanh(w)|: the k-bit weight quantiser with round replaced by the identity. */
export function weightSurrogate(w: readonly number[]): number[] {
  const max = Math.max(...w.map((v) => Math.abs(Math.tanh(v))));
  return w.map((v) => Math.tanh(v) / max);
}

/** 2·quantize_k(F(w)/2 + 1/2) − 1, the k-bit weight quantiser. */
export function weightForward(w: readonly number[], bits: number): number[] {
  return weightSurrogate(w).map((f) => 2 * quantizeK(f / 2 + 0.5, bits) - 1);
}

/**
 * dL/dw for L = Σ dy·F(w), by central differences of {@link weightSurrogate}: a reference that
 * shares no derivation with the closed form under test. Valid where the maximum is not tied.
 */
export function weightGradByDifferences(w: readonly number[], dy: readonly number[], h = 1e-6): number[] {
  const loss = (v: readonly number[]): number => weightSurrogate(v).reduce((s, f, j) => s + dy[j] * f, 0);
  return w.map((_, i) => {
    const up = w.map((v, j) => (j === i ? v + h : v));
    const down = w.map((v, j) => (j === i ? v - h : v));
    return (loss(up) - loss(down)) / (2 * h);
  });
}
