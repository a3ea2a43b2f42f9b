/**
 * An independent host-side reference for ReSTE's pseudo-gradient, written from the table of
 * docs/method.md §2.2 in double precision. Regions are decided against float32(m) and float32(t) as the
 * reference code does; everything else is plain `Math`.
 */
export function referenceGamma(o: number, t = 1.5, m = 0.1): (x: number) => number {
  return (x: number): number => {
    const a = Math.abs(x);
    if (a > Math.fround(t)) return 0;
    if (a <= Math.fround(m)) return Math.pow(m, 1 / o) / m;
    return (1 / o) * Math.pow(a, (1 - o) / o);
  };
}
