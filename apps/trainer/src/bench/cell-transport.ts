import { join } from 'node:path';
import { inject, injectable } from 'tsyringe';
import type { StopSignal } from '../run/run-context.js';
import { CellRunner, type CellResult } from './cell-runner.js';
import type { GridCell } from './expand-grid.js';
import type { GridSpec } from './grid-spec.js';

/** The cells of a grid that still have to run, and where their runs go. */
export interface GridJob {
  readonly spec: GridSpec;
  /** The grid's hash (`grid.json`). */
  readonly gridHash: string;
  /** The cells to run, in grid order (completed ones already left out). */
  readonly cells: readonly GridCell[];
  /** The number of cells in the whole grid. */
  readonly total: number;
  /** The grid's output folder. */
  readonly out: string;
  readonly stop: StopSignal;
  /** Where progress lines go. */
  readonly log: NodeJS.WritableStream;
}

/**
 * How a grid's cells reach the code that trains them: in this process one after another, or
 * through a queue to workers on other machines. The bench hands every result to `onResult` as it
 * arrives and writes results and reports itself, so transports differ only in where cells run.
 */
export interface CellTransport {
  /** Runs the job's cells; resolves once every cell has a result or a stop interrupted the job. */
  run(job: GridJob, onResult: (result: CellResult) => void): Promise<{ readonly interrupted: boolean }>;
}

/** Runs the cells here, one after another, in grid order. */
@injectable()
export class InProcessTransport implements CellTransport {
  constructor(@inject(CellRunner) private readonly runner: CellRunner) {}

  async run(job: GridJob, onResult: (result: CellResult) => void): Promise<{ readonly interrupted: boolean }> {
    for (const cell of job.cells) {
      const result = await this.runner.run(cell, { runsDir: join(job.out, 'runs'), stop: job.stop, log: job.log, total: job.total });
      onResult(result);
      if (result.status === 'interrupted') return { interrupted: true };
    }
    return { interrupted: false };
  }
}
