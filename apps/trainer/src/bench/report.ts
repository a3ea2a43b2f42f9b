import { join } from 'node:path';
import { lineChartSpec, writeIndicatorPlot, writePlot, type IndicatorPoint, type LinePoint } from '@signflow/metrics/plots';
import { scheduleRange } from '@signflow/core';
import { writeFileDurable } from '@signflow/durable';
import { declaredSettings } from '../config/plugin-settings.js';
import type { GridCell } from './expand-grid.js';
import type { GridSpec } from './grid-spec.js';
import type { ResultLine } from './results.js';

/** Axes that are not part of a report row: they become columns, tables, or are averaged over. */
const NOT_ROW = new Set(['backbone', 'dataset', 'seed']);

/**
 * Writes `report.md` (one table per dataset: rows estimator × settings, columns backbones, best
 * test top-1 as mean ± std over seeds; the indicators alike) and SVG plots (accuracy and the
 * indicators against o_end, one line per schedule and setting) into `out`. Returns the report path.
 */
export async function writeReport(out: string, spec: GridSpec, cells: readonly GridCell[], results: readonly ResultLine[]): Promise<string> {
  const byHash = new Map(results.filter((r) => r.status === 'completed').map((r) => [r.hash, r]));
  const failures = results.filter((r) => r.status === 'failed' && !byHash.has(r.hash));
  const lines = [`# ${spec.name}`, '', ...(spec.description ? [spec.description, ''] : [])];
  lines.push(`${byHash.size} of ${cells.length} runs complete. Best test top-1 (%) over epochs, mean ± std over seeds (n = runs).`, '');
  const plots: string[] = [];
  for (const dataset of unique(cells.map((c) => c.config.dataset))) {
    const inData = cells.filter((c) => c.config.dataset === dataset);
    const backbones = unique(inData.map((c) => columnOf(c)));
    const rows = unique(inData.map((c) => rowKey(c)));
    lines.push(`## ${dataset}`, '', `| ${['run', ...backbones].join(' | ')} |`, `|${' --- |'.repeat(backbones.length + 1)}`);
    for (const row of rows) {
      const cellsOf = (backbone: string) => inData.filter((c) => rowKey(c) === row && columnOf(c) === backbone).map((c) => byHash.get(c.hash)).filter(isDefined);
      lines.push(`| ${[row, ...backbones.map((b) => stat(cellsOf(b).map((r) => r.bestTop1), 100))].join(' | ')} |`);
    }
    lines.push('');
    const withIndicators = inData.some((c) => typeof byHash.get(c.hash)?.meanEstimatingError === 'number');
    if (withIndicators) {
      lines.push(`Indicators (mean estimating error over epochs / gradient instability summed over epochs):`, '');
      lines.push(`| ${['run', ...backbones].join(' | ')} |`, `|${' --- |'.repeat(backbones.length + 1)}`);
      for (const row of rows) {
        const cellsOf = (backbone: string) => inData.filter((c) => rowKey(c) === row && columnOf(c) === backbone).map((c) => byHash.get(c.hash)).filter(isDefined);
        lines.push(
          `| ${[row, ...backbones.map((b) => `${stat(cellsOf(b).map((r) => r.meanEstimatingError), 1, 2)} / ${stat(cellsOf(b).map((r) => r.totalGradientInstability), 1, 3, true)}`)].join(' | ')} |`,
        );
      }
      lines.push('');
    }
    for (const sweep of endSweeps(spec)) plots.push(...(await writeSweepPlots(out, dataset, inData, byHash, sweep)));
  }
  if (plots.length > 0) lines.push('## Plots', '', ...plots.filter((p) => p.endsWith('.svg')).map((p) => `![${p}](${p})`), '');
  if (failures.length > 0) {
    lines.push('## Failed runs', '', ...failures.map((f) => `- ${describe(f.axes)}: ${f.error ?? 'unknown error'}`), '');
  }
  const path = join(out, 'report.md');
  writeFileDurable(path, lines.join('\n'));
  return path;
}

/** A grid axis that sets the end value of a hyper-parameter's schedule (ReSTE's `oEnd`). */
interface EndSweep {
  /** The axis name. */
  readonly axis: string;
  /** The hyper-parameter whose schedule it ends. */
  readonly hyper: string;
}

/** The grid's axes that set where a schedule ends, as plugins declare them: the report plots against them. */
function endSweeps(spec: GridSpec): EndSweep[] {
  const declared = declaredSettings();
  return Object.keys(spec.axes).flatMap((axis) => {
    const setting = declared.get(axis)?.setting;
    return setting?.part === 'to' ? [{ axis, hyper: setting.hyper }] : [];
  });
}

/** Accuracy and the indicators against the end value of a schedule, one line per remaining setting, per backbone. */
async function writeSweepPlots(out: string, dataset: string, cells: readonly GridCell[], byHash: ReadonlyMap<string, ResultLine>, sweep: EndSweep): Promise<string[]> {
  const written: string[] = [];
  const xTitle = `${sweep.hyper}_end`;
  for (const backbone of unique(cells.map((c) => columnOf(c)))) {
    const groups = new Map<string, Map<number, ResultLine[]>>();
    for (const cell of cells.filter((c) => columnOf(c) === backbone)) {
      const result = byHash.get(cell.hash);
      const schedule = cell.config.schedules[sweep.hyper];
      if (result === undefined || schedule === undefined) continue;
      const x = scheduleRange(schedule).end;
      const series = rowKey(cell, [sweep.axis]);
      const byX = groups.get(series) ?? new Map<number, ResultLine[]>();
      byX.set(x, [...(byX.get(x) ?? []), result]);
      groups.set(series, byX);
    }
    const accuracy: LinePoint[] = [];
    const indicators: IndicatorPoint[] = [];
    for (const [series, byX] of groups) {
      for (const [x, runs] of byX) {
        const top1 = mean(runs.map((r) => r.bestTop1));
        accuracy.push({ x, y: top1 * 100, series });
        const e = mean(runs.map((r) => r.meanEstimatingError));
        const s = mean(runs.map((r) => r.totalGradientInstability));
        if (Number.isFinite(e) && Number.isFinite(s)) indicators.push({ x, estimatingError: e, gradientInstability: s, top1, series });
      }
    }
    if (accuracy.length === 0) continue;
    const base = `${dataset}-${backbone}`.replace(/[^a-zA-Z0-9._-]+/g, '_');
    const svg = join(out, 'plots', `${base}-top1-vs-${xTitle.replace(/_/g, '-')}.svg`);
    written.push(...(await writePlot(lineChartSpec(accuracy, { title: `${backbone} on ${dataset}`, xTitle, yTitle: 'best top-1 (%)', points: true }), svg)));
    if (indicators.length > 0) written.push(...(await writeIndicatorPlot(join(out, 'plots', base), indicators, { xTitle })));
  }
  return written.map((p) => p.slice(out.length + 1));
}

/** The report column of a cell: its backbone, with options when the grid gives them. */
function columnOf(cell: GridCell): string {
  return String(cell.axes.backbone ?? cell.config.backbone);
}

function rowKey(cell: GridCell, drop: readonly string[] = []): string {
  return Object.entries(cell.axes)
    .filter(([k]) => !NOT_ROW.has(k) && !drop.includes(k))
    .map(([k, v]) => (k === 'estimator' ? String(v) : `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`))
    .join(', ') || 'all';
}

function stat(values: readonly (number | null | undefined)[], scale: number, digits = 2, exponential = false): string {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => v * scale);
  if (xs.length === 0) return values.length === 0 ? '—' : 'n/a';
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const fmt = (v: number) => (exponential ? v.toExponential(digits - 1) : v.toFixed(digits));
  if (xs.length === 1) return fmt(m);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return `${fmt(m)} ± ${fmt(sd)} (n = ${xs.length})`;
}

function mean(values: readonly (number | null | undefined)[]): number {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

function describe(axes: Record<string, unknown>): string {
  return Object.entries(axes).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
}
