import type { BenchResult } from '@signflow/dashboard/contract';

/** The quantities a benchmark table can show, and how to print them. */
export const BENCH_METRICS = {
  bestTop1: { title: 'best test top-1 (%)', scale: 100, digits: 2 },
  lastTop1: { title: 'last test top-1 (%)', scale: 100, digits: 2 },
  meanEstimatingError: { title: 'estimating error (mean over epochs)', scale: 1, digits: 2 },
  totalGradientInstability: { title: 'gradient instability (sum over epochs)', scale: 1, digits: 3 },
  imagesPerSecond: { title: 'images/s', scale: 1, digits: 0 },
  wallSeconds: { title: 'wall time (s)', scale: 1, digits: 1 },
} as const;

/** A key of {@link BENCH_METRICS}. */
export type BenchMetric = keyof typeof BENCH_METRICS;

/** Mean, sample standard deviation (n − 1; 0 for one value) and count of a cell's runs. */
export interface Stat {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

/** Axes averaged over (seeds) or shown apart (datasets: one table each), never part of a row. */
const NOT_ROW = new Set(['seed', 'dataset']);

/** An axis value as text: strings as they are, anything else (estimator objects, numbers) as JSON. */
export function axisText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The row label of a result: its axes other than the column axis, seeds and datasets (`reste, oEnd=3`). */
export function rowKey(axes: Readonly<Record<string, unknown>>, columnAxis: string, drop: readonly string[] = []): string {
  return (
    Object.entries(axes)
      .filter(([k]) => k !== columnAxis && !NOT_ROW.has(k) && !drop.includes(k))
      .map(([k, v]) => (k === 'estimator' ? axisText(v) : `${k}=${axisText(v)}`))
      .join(', ') || 'all'
  );
}

/** The statistics of `values` (non-finite values and nulls left out); undefined when none is left. */
export function stat(values: readonly (number | null | undefined)[], scale = 1): Stat | undefined {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => v * scale);
  if (xs.length === 0) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length === 1 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, std, n: xs.length };
}

/** `93.36 ± 0.21 (n = 3)`, or the mean alone for one run. */
export function formatStat(s: Stat | undefined, digits: number): string {
  if (s === undefined) return '—';
  return s.n === 1 ? s.mean.toFixed(digits) : `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)} (n = ${s.n})`;
}

/** One dataset's table: a row per setting, a column per value of the column axis. */
export interface BenchTable {
  readonly dataset: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly key: string; readonly cells: ReadonlyMap<string, Stat | undefined> }[];
}

/** The column of a result: its value on the column axis, or the run's backbone. */
function columnOf(result: BenchResult, columnAxis: string): string {
  const value = result.axes[columnAxis];
  return value !== undefined ? axisText(value) : columnAxis === 'backbone' ? (result.backbone ?? '—') : '—';
}

/**
 * The benchmark's tables, one per dataset: completed results grouped by their row (all axes but
 * the column axis, seeds and datasets) and column, each cell the mean ± std over seeds of `metric`.
 * A repeated line for the same run counts once (its latest).
 */
export function benchTables(results: readonly BenchResult[], metric: BenchMetric, columnAxis = 'backbone'): BenchTable[] {
  const latest = new Map(results.filter((r) => r.status === 'completed').map((r) => [r.hash, r]));
  const completed = [...latest.values()];
  const { scale } = BENCH_METRICS[metric];
  const datasets = [...new Set(completed.map((r) => r.dataset ?? axisText(r.axes.dataset ?? '—')))];
  return datasets.map((dataset) => {
    const inData = completed.filter((r) => (r.dataset ?? axisText(r.axes.dataset ?? '—')) === dataset);
    const columns = [...new Set(inData.map((r) => columnOf(r, columnAxis)))];
    const keys = [...new Set(inData.map((r) => rowKey(r.axes, columnAxis)))];
    return {
      dataset,
      columns,
      rows: keys.map((key) => ({
        key,
        cells: new Map(columns.map((col) => [col, stat(inData.filter((r) => rowKey(r.axes, columnAxis) === key && columnOf(r, columnAxis) === col).map((r) => r[metric]), scale)])),
      })),
    };
  });
}

/** Axes whose values are all numbers and that take more than one value: candidates for a chart's x axis (o_end, …). */
export function numericAxes(axes: Readonly<Record<string, readonly unknown[]>>): string[] {
  return Object.entries(axes)
    .filter(([name, values]) => name !== 'seed' && values.length > 1 && values.every((v) => typeof v === 'number'))
    .map(([name]) => name);
}

/** One point of a benchmark chart: the mean ± std over seeds at one x, for one line. */
export interface BenchPoint {
  readonly x: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
  readonly series: string;
  readonly dataset: string;
}

/** The points of `metric` against the numeric axis `xAxis`, one line per remaining setting and column value (report.md's o_end plots). */
export function benchPoints(results: readonly BenchResult[], metric: BenchMetric, xAxis: string, columnAxis = 'backbone'): BenchPoint[] {
  const latest = [...new Map(results.filter((r) => r.status === 'completed').map((r) => [r.hash, r])).values()];
  const groups = new Map<string, BenchResult[]>();
  for (const r of latest) {
    const x = r.axes[xAxis];
    if (typeof x !== 'number') continue;
    const dataset = r.dataset ?? axisText(r.axes.dataset ?? '—');
    const series = `${columnOf(r, columnAxis)}: ${rowKey(r.axes, columnAxis, [xAxis])}`;
    const key = JSON.stringify([dataset, series, x]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const points: BenchPoint[] = [];
  for (const [key, rs] of groups) {
    const [dataset, series, x] = JSON.parse(key) as [string, string, number];
    const s = stat(rs.map((r) => r[metric]), BENCH_METRICS[metric].scale);
    if (s !== undefined) points.push({ x, mean: s.mean, low: s.mean - s.std, high: s.mean + s.std, n: s.n, series, dataset });
  }
  return points.sort((a, b) => a.series.localeCompare(b.series) || a.x - b.x);
}
