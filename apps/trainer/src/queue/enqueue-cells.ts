import type { Queue } from 'bullmq';
import type { GridCell } from '../bench/expand-grid.js';
import { CELL_JOB, cellJobData } from './cell-job.js';

/** What submitting a grid's cells did. */
export interface Enqueued {
  /** New jobs. */
  readonly added: number;
  /** Failed jobs sent back to the queue (a re-run retries failed cells, as a local bench does). */
  readonly retried: number;
  /** Jobs already queued, running or completed: left as they are. */
  readonly present: number;
}

/** How a grid's cells are submitted. */
export interface EnqueueOptions {
  readonly grid: { readonly hash: string; readonly name: string; readonly total: number };
  /** Attempts per cell for failures that are not the cell's configuration's fault. */
  readonly attempts: number;
  /** Plugin package of each estimator id that a plugin package registers. */
  readonly estimatorPackages: ReadonlyMap<string, string>;
}

/** Pause before a failed attempt is retried, doubled each time, so a retry may land on another worker. */
const RETRY_DELAY_MS = 5_000;

/**
 * Adds one job per cell, its id the cell's hash: BullMQ ignores an id it already holds, so
 * submitting a grid twice never duplicates a cell, whatever the state of its job. Completed jobs
 * stay in Redis (their return value is the result), which also makes a re-submission find them.
 */
export async function enqueueCells(queue: Queue, cells: readonly GridCell[], options: EnqueueOptions): Promise<Enqueued> {
  const states = await Promise.all(cells.map((cell) => queue.getJobState(cell.hash)));
  const fresh = cells.filter((_, i) => states[i] === 'unknown');
  await queue.addBulk(
    fresh.map((cell) => ({
      name: CELL_JOB,
      data: cellJobData(options.grid, cell, options.estimatorPackages.get(cell.config.estimator)),
      opts: { jobId: cell.hash, attempts: options.attempts, backoff: { type: 'exponential', delay: RETRY_DELAY_MS }, removeOnComplete: false, removeOnFail: false },
    })),
  );
  const failed = cells.filter((_, i) => states[i] === 'failed');
  for (const cell of failed) await (await queue.getJob(cell.hash))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return { added: fresh.length, retried: failed.length, present: cells.length - fresh.length - failed.length };
}
