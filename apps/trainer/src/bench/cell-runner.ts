import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject, injectable } from 'tsyringe';
import { aggregateIndicators, EPOCH_LOG_FILE, readEpochLog } from '@signflow/metrics';
import type { StopSignal } from '../run/run-context.js';
import { RunExecutor } from '../run/run-executor.js';
import { initRunDir } from '../run/run-dir.js';
import { RunLogger } from '../run/run-logger.js';
import { cellLabel } from './labels.js';
import type { GridCell } from './expand-grid.js';
import type { ResultLine } from './results.js';
import { packageVersions } from './versions.js';

/** Where and how a cell runs. */
export interface CellContext {
  /** The folder of the grid's run directories (`<out>/runs` here, a worker's `--runs-dir`); the cell trains in `<runsDir>/<hash>`. */
  readonly runsDir: string;
  readonly stop: StopSignal;
  /** Where the run's messages go. */
  readonly log: NodeJS.WritableStream;
  /** The number of cells in the grid, for progress labels. */
  readonly total: number;
}

/**
 * What running one cell gave: its result line, or nothing when a stop interrupted it (it resumes
 * next time). A failed line comes with the error, for transports that decide whether to retry.
 */
export type CellResult =
  | { readonly status: 'interrupted'; readonly cell: GridCell }
  | { readonly status: 'done'; readonly cell: GridCell; readonly line: ResultLine; readonly error?: unknown };

/**
 * Trains one cell of a grid in its own run directory, resuming it when a previous attempt left a
 * checkpoint, and turns the run into a result line; a failing run becomes a `failed` line with its
 * error. Shared by every transport: the queue only decides where this runs.
 */
@injectable()
export class CellRunner {
  constructor(@inject(RunExecutor) private readonly executor: RunExecutor) {}

  async run(cell: GridCell, context: CellContext): Promise<CellResult> {
    const runDir = join(context.runsDir, cell.hash);
    const versions = packageVersions();
    const started = performance.now();
    context.log.write(`${cellLabel(cell, context.total)}: running (${cell.hash})\n`);
    try {
      if (!existsSync(join(runDir, 'config.json'))) initRunDir(runDir, cell.config);
      const outcome = await this.executor.execute(cell.config, { stop: context.stop, runDir, logger: new RunLogger(context.log) });
      if (outcome.status === 'interrupted') return { status: 'interrupted', cell };
      const records = await readEpochLog(join(runDir, EPOCH_LOG_FILE));
      const { meanEstimatingError, totalGradientInstability } = aggregateIndicators(records);
      const speeds = records.map((r) => r.imagesPerSecond).filter((v): v is number => typeof v === 'number');
      const line: ResultLine = {
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
      };
      return { status: 'done', cell, line };
    } catch (error) {
      const line: ResultLine = { hash: cell.hash, axes: { ...cell.axes }, status: 'failed', error: (error as Error).message, wallSeconds: (performance.now() - started) / 1000, runDir, versions };
      return { status: 'done', cell, line, error };
    }
  }
}
