import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject, injectable } from 'tsyringe';
import { listDatasets } from '@signflow/data';
import { lockFolder, removeTempFiles, writeFileDurable } from '@signflow/durable';
import { TOKENS } from '../container/tokens.js';
import { UsageError } from '../errors.js';
import { loadPluginPackage } from '../plugins/load-plugin-package.js';
import type { StopSignal } from '../run/run-context.js';
import type { CellResult } from './cell-runner.js';
import type { CellTransport } from './cell-transport.js';
import { expandGrid, type GridCell } from './expand-grid.js';
import { checkGridAxes, stableHash, type GridSpec } from './grid-spec.js';
import { writeReport } from './report.js';
import { cellLabel } from './labels.js';
import { appendResult, readResults } from './results.js';

/** Options of {@link BenchRunner.run}. */
export interface GridOptions {
  /** Output folder: `grid.json`, `results.jsonl`, `report.md`, `plots/`, `runs/<hash>/`. */
  readonly out: string;
  /** Refuse grids that expand to more runs than this (default {@link DEFAULT_MAX_RUNS}). */
  readonly maxRuns?: number;
  /** Set to stop after the current step of the current run (Ctrl-C). */
  readonly stop?: StopSignal;
  /** Where progress lines go (default stdout). */
  readonly log?: NodeJS.WritableStream;
}

/** What a bench did. */
export interface GridOutcome {
  readonly runs: number;
  readonly ran: number;
  readonly skipped: number;
  readonly failed: number;
  readonly interrupted: boolean;
  readonly reportPath: string;
}

/** The default `--max-runs` guard. */
export const DEFAULT_MAX_RUNS = 200;

/**
 * Runs a benchmark grid through the container's cell transport. Everything that can be checked
 * is checked before the first run: axis values, ids, datasets, the size guard, and that the
 * output folder belongs to this grid. Completed runs are skipped, an interrupted run is resumed
 * from its checkpoint, a failed run is recorded with its error and the grid goes on. Results
 * and the report are written here, whatever the transport.
 */
@injectable()
export class BenchRunner {
  constructor(@inject(TOKENS.CellTransport) private readonly transport: CellTransport) {}

  async run(spec: GridSpec, options: GridOptions): Promise<GridOutcome> {
    const { out } = options;
    const log = options.log ?? process.stdout;
    for (const name of gridPlugins(spec)) await loadPluginPackage(name);
    checkGridAxes(spec);
    const cells = expandGrid(spec, join(out, 'runs'));
    const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
    if (cells.length > maxRuns) {
      throw new UsageError(`The grid '${spec.name}' expands to ${cells.length} runs, more than --max-runs ${maxRuns}. Narrow its axes or raise --max-runs.`);
    }
    checkDatasets(cells);
    const gridHash = stableHash(spec);
    const lock = lockFolder(out, `signflow bench (${spec.name})`);
    try {
      if (lock.tookOverFrom !== undefined) log.write(`Took over the lock of ${out} from process ${lock.tookOverFrom.pid}, which no longer runs.\n`);
      removeTempFiles(out, { exclude: ['runs'] });
      claimOutput(out, spec, gridHash);
      return await this.runCells(spec, cells, gridHash, { ...options, log });
    } finally {
      lock.release();
    }
  }

  private async runCells(spec: GridSpec, cells: readonly GridCell[], gridHash: string, options: GridOptions & { readonly log: NodeJS.WritableStream }): Promise<GridOutcome> {
    const { out, log } = options;
    const resultsPath = join(out, 'results.jsonl');
    const done = new Set(readResults(resultsPath).filter((r) => r.status === 'completed').map((r) => r.hash));
    const say = (line: string) => log.write(`${line}\n`);
    for (const cell of cells) if (done.has(cell.hash)) say(`${cellLabel(cell, cells.length)}: already complete, skipped`);
    let ran = 0;
    let failed = 0;
    const onResult = (result: CellResult) => {
      if (result.status !== 'done') return;
      appendResult(resultsPath, result.line);
      if (result.line.status === 'completed') ran++;
      else {
        failed++;
        say(`${cellLabel(result.cell, cells.length)}: failed: ${result.line.error}`);
      }
    };
    const todo = cells.filter((c) => !done.has(c.hash));
    const { interrupted } = await this.transport.run({ spec, gridHash, cells: todo, total: cells.length, out, stop: options.stop ?? { requested: false }, log }, onResult);
    const reportPath = await writeReport(out, spec, cells, readResults(resultsPath));
    return { runs: cells.length, ran, skipped: cells.length - todo.length, failed, interrupted, reportPath };
  }
}

/** The plugin packages a grid's settings name. */
function gridPlugins(spec: GridSpec): string[] {
  const plugins = spec.settings.plugins;
  if (plugins === undefined) return [];
  if (!Array.isArray(plugins) || !plugins.every((p) => typeof p === 'string')) {
    throw new UsageError(`The grid's settings.plugins must be a list of package names, got ${JSON.stringify(plugins)}.`);
  }
  return plugins;
}

function checkDatasets(cells: readonly GridCell[]): void {
  const datasets = new Map(listDatasets().map((d) => [d.name as string, d]));
  for (const { config } of cells) {
    const named = datasets.get(config.dataset);
    if (named !== undefined && !named.available) throw new UsageError(`The grid needs dataset '${config.dataset}', which is not available: ${named.howToGet}.`);
    if (named === undefined && !existsSync(config.dataset)) {
      throw new UsageError(`Unknown dataset '${config.dataset}': use one of ${[...datasets.keys()].join(', ')} or an existing folder.`);
    }
  }
}

/** Writes `grid.json` into a new output folder, or checks that an existing one holds this grid's results. */
function claimOutput(out: string, spec: GridSpec, hash: string): void {
  const path = join(out, 'grid.json');
  if (existsSync(path)) {
    const previous = JSON.parse(readFileSync(path, 'utf8')) as { hash?: string; spec?: { name?: string } };
    if (previous.hash !== hash) {
      throw new UsageError(
        `${out} holds the results of another grid ('${previous.spec?.name ?? 'unknown'}', ${previous.hash}); this one is '${spec.name}' (${hash}). ` +
          'Choose another --out, or delete that folder to start over.',
      );
    }
    return;
  }
  if (existsSync(join(out, 'results.jsonl'))) {
    throw new UsageError(`${out} holds a results.jsonl but no grid.json, so it cannot be matched to this grid. Choose another --out.`);
  }
  writeFileDurable(path, JSON.stringify({ hash, spec }, null, 2) + '\n');
}
