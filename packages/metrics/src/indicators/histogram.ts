/** Counts of values in equal-width bins; plain arrays, so it serialises to JSON as it is. */
export interface Histogram {
  /** `bins + 1` increasing bin edges; bin i is [edges[i], edges[i+1]), the last bin also holds its right edge. */
  readonly edges: number[];
  /** Number of values in each bin. */
  readonly counts: number[];
  /** Values below `edges[0]` (only with an explicit range). */
  readonly below: number;
  /** Values above the last edge (only with an explicit range). */
  readonly above: number;
  /** NaN and ±Infinity values, which fall in no bin. */
  readonly nonFinite: number;
}

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of bins; default 50. */
  readonly bins?: number;
  /** [low, high] of the binned range; default: the smallest and largest finite value. */
  readonly range?: readonly [number, number];
}

/**
 * Histogram of `values` with NumPy's binning rule (equal-width bins, each closed on the left,
 * the last one closed on both sides). A constant input gets the range [v − 0.5, v + 0.5], as in
 * NumPy.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const bins = options.bins ?? 50;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: bins = ${String(bins)} must be an integer >= 1.`);
  const [low, high] = options.range ?? finiteRange(values);
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`histogram: range = [${String(low)}, ${String(high)}] must be two finite numbers with low < high.`);
  }
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  let nonFinite = 0;
  const scale = bins / (high - low);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) nonFinite++;
    else if (v < low) below++;
    else if (v > high) above++;
    else counts[Math.min(bins - 1, Math.floor((v - low) * scale))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + (i * (high - low)) / bins));
  return { edges, counts, below, above, nonFinite };
}

function finiteRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) {
    throw new RangeError(`histogram: no finite value among the ${values.length} given; pass at least one, or an explicit range.`);
  }
  return min === max ? [min - 0.5, max + 0.5] : [min, max];
}
