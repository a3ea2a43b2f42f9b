import { join } from 'node:path';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { LockHeldError } from '@signflow/durable';
import type { CellResult } from '../bench/cell-runner.js';
import type { CellTransport, GridJob } from '../bench/cell-transport.js';
import type { GridCell } from '../bench/expand-grid.js';
import type { ResultLine } from '../bench/results.js';
import { packageVersions } from '../bench/versions.js';
import { UsageError } from '../errors.js';
import { loadPluginPackage } from '../plugins/load-plugin-package.js';
import type { CellJobResult, CellProgress } from './cell-job.js';
import { enqueueCells } from './enqueue-cells.js';
import { registerGrid } from './grid-registry.js';
import { GridProgress } from './grid-progress.js';
import { sleepUnlessStopped } from './stop-wait.js';
import { mirrorRun } from './mirror-run.js';
import { gridQueueName, QUEUE_PREFIX } from './queue-names.js';
import { RedisClients } from './redis-connection.js';
import type { RedisTarget } from './redis-url.js';

/** How `signflow bench --queue` treats the grid: submit and wait, submit and return, or only collect. */
export type SubmitMode = 'wait' | 'detach' | 'attach';

/** Settings of {@link QueueTransport}. */
export interface QueueSettings {
  readonly target: RedisTarget;
  readonly mode: SubmitMode;
  /** Attempts per cell for failures that are not its configuration's fault (BullMQ's job attempts). */
  readonly attempts: number;
}

/** Longest pause between two looks at the queue's state: events wake the submitter sooner. */
const RECONCILE_MS = 5_000;
/** A status line at least this often, even when nothing changed (the ETA moves). */
const STATUS_MS = 30_000;

/**
 * Sends a grid's cells to workers through a BullMQ queue on Redis, named after the grid's hash.
 * The queue's job states are the truth: the submitter reads them when an event (active,
 * progress, completed, failed, stalled) wakes it and every few seconds anyway, so an event lost
 * during a Redis outage delays nothing, and a job Redis lost (a restart without persistence) is
 * enqueued again. Results reach the bench as they arrive; each completed cell's epoch log and
 * summary are copied into `<out>/runs/<hash>`.
 */
export class QueueTransport implements CellTransport {
  constructor(private readonly settings: QueueSettings) {}

  async run(grid: GridJob, onResult: (result: CellResult) => void): Promise<{ readonly interrupted: boolean }> {
    const say = (line: string) => grid.log.write(`${line}\n`);
    const { target, mode, attempts } = this.settings;
    const clients = new RedisClients(target, say);
    const control = await clients.check();
    const name = gridQueueName(grid.gridHash);
    const queue = new Queue(name, { connection: control, prefix: QUEUE_PREFIX });
    queue.on('error', (error) => clients.lost(error));
    const events = new QueueEvents(name, { connection: clients.open(), prefix: QUEUE_PREFIX });
    events.on('error', (error) => clients.lost(error));
    try {
      await events.waitUntilReady();
      await registerGrid(control, { hash: grid.gridHash, name: grid.spec.name, cells: grid.total, submittedAt: new Date().toISOString() });
      const enqueue = { grid: { hash: grid.gridHash, name: grid.spec.name, total: grid.total }, attempts, estimatorPackages: await estimatorPackages(grid.cells) };
      if (mode === 'attach') {
        const states = await Promise.all(grid.cells.map((cell) => queue.getJobState(cell.hash)));
        if (grid.cells.length > 0 && states.every((state) => state === 'unknown')) {
          throw new UsageError(`None of the cells of grid '${grid.spec.name}' (${grid.gridHash}) is in the queue at ${target.display}: submit the grid first (without --attach).`);
        }
        say(`Collecting the results of grid '${grid.spec.name}' (${grid.gridHash}) from ${target.display}.`);
      } else {
        const done = await enqueueCells(queue, grid.cells, enqueue);
        say(
          `Grid '${grid.spec.name}' (${grid.gridHash}) on ${target.display}, queue ${QUEUE_PREFIX}:${name}: ${done.added} cells enqueued, ` +
            `${done.retried} failed cells queued again, ${done.present} already in the queue.`,
        );
        say(`Start workers with: signflow worker --queue ${target.display} --grid ${grid.gridHash}`);
      }
      if (mode === 'detach' || grid.cells.length === 0) return { interrupted: false };

      const view = new GridProgress(grid.cells, grid.total, say);
      const collector = new Collector(queue, grid, view, onResult, say);
      let woken = false;
      const nudge = () => (woken = true);
      events.on('active', nudge);
      events.on('completed', nudge);
      events.on('failed', nudge);
      events.on('waiting', nudge);
      events.on('stalled', ({ jobId }) => say(`${view.label(jobId)}: its worker stopped answering; the cell is back in the queue.`));
      events.on('progress', ({ jobId, data }) => view.progress(jobId, data as CellProgress));
      let lastStatus = '';
      let lastStatusAt = 0;
      while (!grid.stop.requested) {
        woken = false;
        await collector.reconcile(mode === 'attach' ? undefined : enqueue);
        if (collector.pending === 0) break;
        const workers = await queue.getWorkersCount().catch(() => 0);
        const status = view.status(workers);
        const changed = status.replace(/; ETA.*/, '') !== lastStatus;
        if (changed || Date.now() - lastStatusAt > STATUS_MS) {
          say(status);
          lastStatus = status.replace(/; ETA.*/, '');
          lastStatusAt = Date.now();
        }
        await sleepUnlessStopped(RECONCILE_MS, grid.stop, () => woken);
      }
      if (grid.stop.requested) {
        say(`Stopped waiting: the cells stay in the queue and the workers go on. Collect the results later with: signflow bench GRID --queue ${target.display} --out ${grid.out} --attach`);
        return { interrupted: true };
      }
      return { interrupted: false };
    } finally {
      await events.close();
      await queue.close();
      await clients.close();
    }
  }
}

/** Turns finished jobs into results, once per cell. */
class Collector {
  private readonly cells: Map<string, GridCell>;
  private readonly versions = packageVersions();

  constructor(
    private readonly queue: Queue,
    private readonly grid: GridJob,
    private readonly view: GridProgress,
    private readonly onResult: (result: CellResult) => void,
    private readonly say: (line: string) => void,
  ) {
    this.cells = new Map(grid.cells.map((c) => [c.hash, c]));
  }

  /** Cells still without a result. */
  get pending(): number {
    return this.cells.size;
  }

  /**
   * Reads the queue's state: records the finished cells, updates who runs what, and enqueues
   * again the cells whose jobs Redis no longer has (or, when only collecting, stops waiting for them).
   */
  async reconcile(enqueue: Parameters<typeof enqueueCells>[2] | undefined): Promise<void> {
    const [completed, failed, active, queued] = await Promise.all([
      this.ids(['completed']),
      this.ids(['failed']),
      this.ids(['active']),
      this.ids(['waiting', 'delayed', 'prioritized']),
    ]);
    for (const [hash, cell] of [...this.cells]) {
      if (completed.has(hash) || failed.has(hash)) await this.finish(hash, cell);
      else if (active.has(hash)) {
        const job = await this.queue.getJob(hash);
        if (job?.processedBy !== undefined) this.view.started(hash, job.processedBy);
      } else if (queued.has(hash)) this.view.queuedAgain(hash);
      else if ((await this.queue.getJobState(hash)) === 'unknown') await this.lost(cell, enqueue);
    }
  }

  private async ids(types: Parameters<Queue['getRanges']>[0]): Promise<Set<string>> {
    return new Set(await this.queue.getRanges(types, 0, -1));
  }

  private async finish(hash: string, cell: GridCell): Promise<void> {
    const job = await this.queue.getJob(hash);
    if (job === undefined) return;
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return;
    const runDir = join(this.grid.out, 'runs', hash);
    let line: ResultLine;
    if (state === 'completed') {
      const result = job.returnvalue as CellJobResult;
      try {
        mirrorRun(runDir, cell, result.epochs, result.summary);
      } catch (error) {
        // A folder in use (another process trains in it) keeps its files; the result still counts.
        if (!(error instanceof LockHeldError)) throw error;
        this.say(`${this.view.label(hash)}: its epoch log was not copied into ${runDir}: ${error.message}`);
      }
      line = { ...result.line, runDir, worker: result.worker };
    } else {
      line = failedLine(job, cell, runDir, this.versions);
    }
    this.cells.delete(hash);
    this.view.finished(hash, line.status, line.wallSeconds);
    this.onResult({ status: 'done', cell, line });
    if (line.status === 'completed') this.say(`${this.view.label(hash)}: done on ${line.worker}, best top-1 ${percent(line.bestTop1)}`);
  }

  private async lost(cell: GridCell, enqueue: Parameters<typeof enqueueCells>[2] | undefined): Promise<void> {
    if (enqueue === undefined) {
      this.cells.delete(cell.hash);
      this.view.forget(cell.hash);
      this.say(`${this.view.label(cell.hash)}: not in the queue (never submitted, or Redis lost it); submit the grid again without --attach to run it.`);
      return;
    }
    await enqueueCells(this.queue, [cell], enqueue);
    this.say(`${this.view.label(cell.hash)}: Redis no longer had this cell's job; enqueued it again.`);
  }
}

/** The result line of a cell whose job failed for good. */
function failedLine(job: Job, cell: GridCell, runDir: string, versions: Record<string, string>): ResultLine {
  const seconds = job.finishedOn !== undefined && job.processedOn !== undefined ? (job.finishedOn - job.processedOn) / 1000 : 0;
  return {
    hash: cell.hash,
    axes: { ...cell.axes },
    status: 'failed',
    error: job.failedReason,
    wallSeconds: seconds,
    runDir,
    versions,
    ...(job.processedBy === undefined ? {} : { worker: job.processedBy }),
  };
}

/** The plugin package of each estimator that the grid's plugin packages register (already loaded by the bench). */
async function estimatorPackages(cells: readonly GridCell[]): Promise<Map<string, string>> {
  const packages = new Map<string, string>();
  for (const name of new Set(cells.flatMap((c) => c.config.plugins))) {
    for (const id of (await loadPluginPackage(name)).estimators) packages.set(id, name);
  }
  return packages;
}

function percent(fraction: number | null | undefined): string {
  return typeof fraction === 'number' && Number.isFinite(fraction) ? `${(fraction * 100).toFixed(2)}%` : 'n/a';
}
