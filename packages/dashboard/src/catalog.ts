import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKED_FILE } from './contract/paths.js';
import type { BenchDocument, BenchRow, ChangeEvent, ExportRow, RunDocument, RunRow, SiteIndex } from './contract/types.js';
import { BENCH_FILES, readBench, type BenchSnapshot } from './bench-reader.js';
import { modelInputOf } from './dataset-input.js';
import { fileInside, readRun, runSignature, runStatus, signatureOf, type RunSnapshot } from './run-reader.js';
import { scanRoots, type FoundBench, type FoundRun } from './scan.js';

interface RunEntry {
  readonly found: FoundRun;
  readonly snapshot: RunSnapshot;
  readonly status: RunRow['status'];
}

interface ExportEntry {
  readonly row: ExportRow;
  /** model.sfpk, resolved and checked to lie inside the export folder. */
  readonly file: string;
  readonly signature: string;
}

interface BenchEntry {
  readonly found: FoundBench;
  readonly snapshot: BenchSnapshot;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function describeAxes(axes: Readonly<Record<string, unknown>>): string {
  return Object.entries(axes)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The runs and benchmarks under a set of folders, kept up to date by {@link refresh}: each
 * refresh rescans the folders and rereads only the runs whose files changed (one stat per watched
 * file), so that the server can refresh every second over hundreds of runs.
 */
export class Catalog {
  private runs = new Map<string, RunEntry>();
  private benches = new Map<string, BenchEntry>();
  private generation = 0;
  private exports = new Map<string, ExportEntry>();

  constructor(readonly roots: readonly string[]) {}

  /** Rescans the roots and rereads what changed; says what changed. */
  async refresh(now = Date.now()): Promise<ChangeEvent> {
    const found = await scanRoots(this.roots);
    const changedRuns: string[] = [];
    const changedBenches: string[] = [];
    let listing = found.runs.length !== this.runs.size || found.benches.length !== this.benches.size;

    // Stats and reads run in parallel (the thread pool overlaps them); results keep scan order.
    const benchEntries = await Promise.all(
      found.benches.map(async (bench): Promise<[BenchEntry, boolean]> => {
        const previous = this.benches.get(bench.id);
        const { signature } = await signatureOf(bench.dir, BENCH_FILES);
        if (previous !== undefined && previous.found.dir === bench.dir && previous.snapshot.signature === signature) return [previous, false];
        return [{ found: bench, snapshot: await readBench(bench.dir) }, true];
      }),
    );
    const benches = new Map<string, BenchEntry>();
    for (const [entry, changed] of benchEntries) {
      benches.set(entry.found.id, entry);
      if (changed) changedBenches.push(entry.found.id);
      if (!this.benches.has(entry.found.id)) listing = true;
    }

    const runEntries = await Promise.all(
      found.runs.map(async (run): Promise<[RunEntry, boolean]> => {
        const previous = this.runs.get(run.id);
        const { signature } = await runSignature(run.dir);
        if (previous !== undefined && previous.found.dir === run.dir && previous.snapshot.signature === signature) {
          const status = runStatus(previous.snapshot, now);
          const changed = status !== previous.status;
          return [{ ...previous, status }, changed];
        }
        const snapshot = await readRun(run.dir);
        return [{ found: run, snapshot, status: runStatus(snapshot, now) }, true];
      }),
    );
    const runs = new Map<string, RunEntry>();
    for (const [entry, changed] of runEntries) {
      runs.set(entry.found.id, entry);
      if (changed) changedRuns.push(entry.found.id);
      if (!this.runs.has(entry.found.id)) listing = true;
    }
    // Exports are single files, read only when a page asks for one: their listing is what changes.
    const exports = new Map<string, ExportEntry>();
    for (const entry of found.exports) {
      const file = await fileInside(entry.dir, PACKED_FILE);
      if (file === null) continue;
      const { size, mtimeMs } = await stat(file);
      const signature = `${size}:${mtimeMs}`;
      exports.set(entry.id, { row: { id: entry.id, label: entry.name, path: entry.dir, bytes: size }, file, signature });
      if (this.exports.get(entry.id)?.signature !== signature) listing = true;
    }
    if (exports.size !== this.exports.size) listing = true;
    this.exports = exports;
    this.benches = benches;
    this.runs = runs;
    if (changedRuns.length > 0 || changedBenches.length > 0 || listing) this.generation++;
    return { runs: changedRuns, benches: changedBenches, listing };
  }

  /** How many refreshes found a change: the listing's {@link SiteIndex.version}. */
  get version(): number {
    return this.generation;
  }

  /** The listing the page starts from. */
  index(live: boolean): SiteIndex {
    return {
      generator: 'signflow',
      live,
      version: this.generation,
      roots: [...this.roots],
      runs: [...this.runs.keys()].map((id) => this.row(id)).filter((r): r is RunRow => r !== undefined),
      benches: [...this.benches.values()].map((b) => this.benchRow(b)),
      exports: [...this.exports.values()].map((e) => e.row),
    };
  }

  /** The run ids, in scan order. */
  runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** The benchmark ids, in scan order. */
  benchIds(): string[] {
    return [...this.benches.keys()];
  }

  /** The table row of run `id`. */
  row(id: string): RunRow | undefined {
    const entry = this.runs.get(id);
    if (entry === undefined) return undefined;
    const { found, snapshot, status } = entry;
    const { config, records } = snapshot;
    const top1s = records.map((r) => r.top1).filter((v): v is number => typeof v === 'number');
    const last = records.at(-1);
    const bench = found.bench === undefined ? undefined : this.benches.get(found.bench);
    const result = bench?.snapshot.results.filter((r) => r.hash === found.name).at(-1);
    const epochs = config?.epochs;
    return {
      id,
      label: bench === undefined ? found.name : `${bench.snapshot.name} ${result === undefined ? found.name : describeAxes(result.axes)}`,
      path: found.dir,
      ...optional('backbone', text(config?.backbone)),
      ...optional('estimator', text(config?.estimator)),
      ...optional('bits', text(config?.bits)),
      ...optional('dataset', text(config?.dataset)),
      ...optional('epochs', typeof epochs === 'number' ? epochs : undefined),
      epochsDone: records.length,
      ...optional('bestTop1', top1s.length === 0 ? undefined : Math.max(...top1s)),
      ...optional('lastTop1', last?.top1),
      ...optional('imagesPerSecond', mean(records.map((r) => r.imagesPerSecond).filter((v): v is number => typeof v === 'number'))),
      ...optional('backend', last?.backend ?? snapshot.summaryBackend),
      status,
      ...optional('error', snapshot.error),
      ...optional('bench', found.bench),
      hasModel: snapshot.modelDir !== null,
      updated: snapshot.updated,
    };
  }

  /** The full document of run `id`. */
  runDocument(id: string): RunDocument | undefined {
    const entry = this.runs.get(id);
    const row = this.row(id);
    if (entry === undefined || row === undefined) return undefined;
    const { config, records, modelDir } = entry.snapshot;
    return { row, config, records, input: modelDir === null ? null : modelInputOf(row.dataset) };
  }

  /** The absolute path of file `name` of run `id`'s model (`model.json`, `weights.bin`), if it has one. */
  modelFile(id: string, name: 'model.json' | 'weights.bin'): string | undefined {
    const modelDir = this.runs.get(id)?.snapshot.modelDir;
    return modelDir === null || modelDir === undefined ? undefined : join(modelDir, name);
  }

  /** The packed file of export `id`, if there is one. */
  exportFile(id: string): string | undefined {
    return this.exports.get(id)?.file;
  }

  /** The export ids, in scan order. */
  exportIds(): string[] {
    return [...this.exports.keys()];
  }

  /** The full document of benchmark `id`. */
  benchDocument(id: string): BenchDocument | undefined {
    const entry = this.benches.get(id);
    if (entry === undefined) return undefined;
    const runsByHash = new Map([...this.runs.values()].filter((r) => r.found.bench === id).map((r) => [r.found.name, r]));
    return {
      row: this.benchRow(entry),
      axes: entry.snapshot.axes,
      results: entry.snapshot.results.map((result) => {
        const run = runsByHash.get(result.hash);
        const config = run?.snapshot.config;
        const dataset = text(config?.dataset) ?? text(result.axes.dataset);
        const backbone = text(config?.backbone) ?? text(result.axes.backbone);
        return { ...result, ...optional('dataset', dataset), ...optional('backbone', backbone), ...optional('runId', run?.found.id) };
      }),
    };
  }

  private benchRow(entry: BenchEntry): BenchRow {
    const { snapshot, found } = entry;
    const completed = new Set(snapshot.results.filter((r) => r.status === 'completed').map((r) => r.hash));
    const failed = new Set(snapshot.results.filter((r) => r.status === 'failed' && !completed.has(r.hash)).map((r) => r.hash));
    return {
      id: found.id,
      name: snapshot.name,
      path: found.dir,
      ...optional('description', snapshot.description),
      completed: completed.size,
      failed: failed.size,
      ...optional('error', snapshot.error),
    };
  }
}

/** `{ [key]: value }`, or nothing when the value is undefined (JSON without `undefined` holes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
