import type { GridCell } from '../bench/expand-grid.js';
import { cellLabel } from '../bench/labels.js';
import { formatSeconds } from '../run/progress.js';
import { fractionDone, type CellProgress } from './cell-job.js';

/** A cell a worker is training. */
interface Running {
  readonly worker: string;
  /** When the submitter saw it start (ms). */
  readonly since: number;
  fraction: number;
}

/**
 * The submitter's live view of a grid in the queue: which cells are queued, which run on which
 * worker and how far, how many are done or failed, and an ETA from the measured cell times.
 */
export class GridProgress {
  private readonly labels = new Map<string, string>();
  private readonly running = new Map<string, Running>();
  private readonly cellSeconds: number[] = [];
  private queued = 0;
  private done = 0;
  private failed = 0;

  constructor(
    cells: readonly GridCell[],
    total: number,
    private readonly say: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    for (const cell of cells) this.labels.set(cell.hash, cellLabel(cell, total));
    this.queued = cells.length;
  }

  /** The label of a cell of this grid (`[2/4] estimator=reste seed=1`). */
  label(hash: string): string {
    return this.labels.get(hash) ?? hash;
  }

  /** A cell is queued (again, after a worker gave it back or died). */
  queuedAgain(hash: string): void {
    if (this.running.delete(hash)) this.queued++;
  }

  /** A cell started (or restarted) on `worker`. */
  started(hash: string, worker: string): void {
    if (this.running.get(hash)?.worker === worker) return;
    if (!this.running.has(hash)) this.queued = Math.max(0, this.queued - 1);
    this.running.set(hash, { worker, since: this.now(), fraction: 0 });
    this.say(`${this.label(hash)}: running on ${worker}`);
  }

  /** A cell's job progress: its epoch lines are printed, its step progress kept for the ETA. */
  progress(hash: string, progress: CellProgress): void {
    const cell = this.running.get(hash);
    if (cell !== undefined) cell.fraction = fractionDone(progress);
    if (progress.kind === 'epoch') this.say(`${this.label(hash)}${cell === undefined ? '' : ` on ${cell.worker}`}: ${progress.text}`);
  }

  /** A cell's result arrived. */
  finished(hash: string, status: 'completed' | 'failed', wallSeconds?: number): void {
    if (!this.running.delete(hash)) this.queued = Math.max(0, this.queued - 1);
    if (status === 'completed') {
      this.done++;
      if (wallSeconds !== undefined && wallSeconds > 0) this.cellSeconds.push(wallSeconds);
    } else {
      this.failed++;
    }
  }

  /** A cell no longer waited for (not in the queue when only collecting). */
  forget(hash: string): void {
    if (!this.running.delete(hash)) this.queued = Math.max(0, this.queued - 1);
  }

  /** Seconds to the end of the grid with `workers` workers, or NaN before anything can be measured. */
  eta(workers: number): number {
    const perCell = this.secondsPerCell();
    if (Number.isNaN(perCell)) return Number.NaN;
    let left = this.queued * perCell;
    for (const cell of this.running.values()) left += (1 - cell.fraction) * perCell;
    return left / Math.max(1, workers, this.running.size);
  }

  /** One line: `2 queued, 1 running (host-a:12 40%), 1 done, 0 failed; ETA 1:05`. */
  status(workers: number): string {
    const running = [...this.running.values()].map((r) => `${r.worker} ${Math.floor(r.fraction * 100)}%`);
    return (
      `Queue: ${this.queued} queued, ${this.running.size} running${running.length === 0 ? '' : ` (${running.join(', ')})`}, ${this.done} done, ${this.failed} failed; ` +
      `${workers} worker${workers === 1 ? '' : 's'} connected; ETA ${formatSeconds(this.eta(workers))}`
    );
  }

  /** Measured seconds per cell: completed cells, else the running cells' pace so far. */
  private secondsPerCell(): number {
    if (this.cellSeconds.length > 0) return this.cellSeconds.reduce((a, b) => a + b, 0) / this.cellSeconds.length;
    const paces = [...this.running.values()].filter((r) => r.fraction >= 0.05).map((r) => (this.now() - r.since) / 1000 / r.fraction);
    return paces.length === 0 ? Number.NaN : paces.reduce((a, b) => a + b, 0) / paces.length;
  }
}
