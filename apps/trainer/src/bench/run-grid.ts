import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { listDatasets } from '@signflow/data';
import { aggregateIndicators, EPOCH_LOG_FILE, readEpochLog, writeFileAtomicSync } from '@signflow/metrics';
import { catalogOf, createAppContainer } from '../container/app-container.js';
import { UsageError } from '../errors.js';
import { loadPluginPackage } from '../plugins/load-plugin-package.js';
import { executeRun } from '../run/execute-run.js';
import { initRunDir } from '../run/run-dir.js';
import { RunLogger } from '../run/run-logger.js';
import type { StopSignal } from '../train/trainer.js';
import { expandGrid, type GridCell } from './expand-grid.js';
import { stableHash, type GridSpec } from './grid-spec.js';
import { writeReport } from './report.js';
import { appendResult, readResults, type ResultLine } from './results.js';
import { packageVersions } from './versions.js';

/** Options of {@link runGrid}. */
export interface GridOptions {
  /** Output folder: `grid.json`, `results.jsonl`, `report.md`, `plots/`, `runs/<hash>/`. */
  readonly out: string;
  /** Refuse grids that expand to more runs than this (default 200). */
  readonly maxRuns?: number;
  /** The application container (default: a new one with the first-party plugins). */
  readonly app?: DependencyContainer;
  /** Set to stop after the current step of the current run (Ctrl-C). */
  readonly stop?: StopSignal;
  /** Where progress lines go (default stdout). */
  readonly log?: NodeJS.WritableStream;
}

/** What {@link runGrid} did. */
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
 * Runs a benchmark grid one run after another, each in its own child container. Everything that
 * can be checked is checked before the first run: axis values, ids, datasets, the size guard, and
 * that the output folder belongs to this grid. Completed runs are skipped, an interrupted run is
 * resumed from its checkpoint, a failed run is recorded with its error and the grid goes on.
 */
export async function runGrid(spec: GridSpec, options: GridOptions): Promise<GridOutcome> {
  const app = options.app ?? createAppContainer();
  const out = options.out;
  const stop = options.stop ?? { requested: false };
  for (const name of spec.settings.plugins ?? []) await loadPluginPackage(name, app);
  const catalog = catalogOf(app);
  const cells = expandGrid(spec, join(out, 'runs'), (id) => catalog.recipeOf(id));
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  if (cells.length > maxRuns) {
    throw new UsageError(`The grid '${spec.name}' expands to ${cells.length} runs, more than --max-runs ${maxRuns}. Narrow its axes or raise --max-runs.`);
  }
  checkCells(cells, catalog);
  const gridHash = stableHash(spec);
  claimOutput(out, spec, gridHash);
  const resultsPath = join(out, 'results.jsonl');
  const done = new Set(readResults(resultsPath).filter((r) => r.status === 'completed').map((r) => r.hash));
  const versions = packageVersions();
  const say = (line: string) => (options.log ?? process.stdout).write(`${line}\n`);
  let ran = 0;
  let failed = 0;
  let interrupted = false;
  for (const [index, cell] of cells.entries()) {
    const label = `[${index + 1}/${cells.length}] ${describeAxes(cell.axes)}`;
    if (done.has(cell.hash)) {
      say(`${label}: already complete, skipped`);
      continue;
    }
    say(`${label}: running (${cell.hash})`);
    const runDir = join(out, 'runs', cell.hash);
    if (!existsSync(join(runDir, 'config.json'))) initRunDir(runDir, cell.config);
    const started = performance.now();
    try {
      const outcome = await executeRun(app, cell.config, stop, runDir, new RunLogger(options.log ?? process.stdout));
      if (outcome.status === 'interrupted') {
        interrupted = true;
        break;
      }
      const records = await readEpochLog(join(runDir, EPOCH_LOG_FILE));
      const { meanEstimatingError, totalGradientInstability } = aggregateIndicators(records);
      const speeds = records.map((r) => r.imagesPerSecond).filter((v): v is number => typeof v === 'number');
      appendResult(resultsPath, {
        hash: cell.hash,
        axes: { ...cell.axes },
        status: 'completed',
        bestTop1: outcome.bestTop1,
        bestTop5: outcome.bestTop5,
        bestEpoch: outcome.bestEpoch,
        lastTop1: outcome.lastTop1,
        lastTop5: outcome.lastTop5,
        meanEstimatingError,
        totalGradientInstability,
        wallSeconds: (performance.now() - started) / 1000,
        imagesPerSecond: speeds.length === 0 ? null : speeds.reduce((a, b) => a + b, 0) / speeds.length,
        backend: records.at(-1)?.backend,
        runDir,
        versions,
      } satisfies ResultLine);
      ran++;
    } catch (error) {
      failed++;
      say(`${label}: failed: ${(error as Error).message}`);
      appendResult(resultsPath, { hash: cell.hash, axes: { ...cell.axes }, status: 'failed', error: (error as Error).message, wallSeconds: (performance.now() - started) / 1000, runDir, versions });
    }
  }
  const reportPath = await writeReport(out, spec, cells, readResults(resultsPath));
  return { runs: cells.length, ran, skipped: cells.filter((c) => done.has(c.hash)).length, failed, interrupted, reportPath };
}

function checkCells(cells: readonly GridCell[], catalog: ReturnType<typeof catalogOf>): void {
  const datasets = new Map(listDatasets().map((d) => [d.name as string, d]));
  for (const { config } of cells) {
    try {
      catalog.estimator(config.estimator).create(config.estimatorConfig);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`The grid's estimator ${config.estimator} ${JSON.stringify(config.estimatorConfig)} is invalid: ${(error as Error).message}`);
    }
    catalog.backbone(config.backbone);
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
  mkdirSync(out, { recursive: true });
  writeFileAtomicSync(path, JSON.stringify({ hash, spec }, null, 2) + '\n');
}

/** `estimator=reste backbone=resnet20 oEnd=3 seed=1`. */
export function describeAxes(axes: Readonly<Record<string, unknown>>): string {
  return Object.entries(axes)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
