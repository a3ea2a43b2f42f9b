import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { StopSignal } from '../run/run-context.js';
import type { CellProcessor } from './cell-processor.js';
import { gridBacklog, listGrids, type RegisteredGrid } from './grid-registry.js';
import { gridQueueName, QUEUE_PREFIX } from './queue-names.js';
import type { RedisClients } from './redis-connection.js';
import { sleepUnlessStopped, untilStopped } from './stop-wait.js';

/**
 * How many times a cell may lose its worker (kill -9, a lost machine) and go back to the queue
 * before it is failed as "stalled more than allowable limit": a cell that kills every worker that
 * runs it must not go round for ever.
 */
export const MAX_STALLS = 2;

/** How often an idle worker looks for newly submitted grids. */
const POLL_MS = 2_000;

/** How a worker takes cells. */
export interface ServeSettings {
  /** A worker silent this long (no lock renewal) is taken for dead and its cell handed to another; also the stalled-check period. */
  readonly stalledSeconds: number;
  /** The worker's name, recorded on every job it takes (`host:pid`). */
  readonly name: string;
  readonly stop: StopSignal;
}

/**
 * Takes cells from grid queues with BullMQ workers: their locks, renewed while a cell trains,
 * tell the others that it is alive; their stalled-job checks hand the cell of a worker whose lock
 * expired to the next free worker.
 */
export class GridWorkers {
  constructor(
    private readonly clients: RedisClients,
    /** The connection for the grid registry and queue counts. */
    private readonly control: Redis,
    private readonly processor: CellProcessor,
    private readonly settings: ServeSettings,
    private readonly say: (line: string) => void,
  ) {}

  /** Serves one grid's queue until a stop is requested, then lets the current cells finish or checkpoint. */
  async serve(gridHash: string): Promise<void> {
    const worker = this.worker(gridHash, true);
    await untilStopped(this.settings.stop);
    await worker.close();
  }

  /**
   * Serves every grid submitted to this Redis, the oldest with queued cells first: a grid's
   * queue until it has none left, then the next. Meanwhile a stalled-job check runs on every
   * grid, so a cell whose worker died goes back to its queue even when no worker serves it.
   */
  async serveAll(): Promise<void> {
    const watchers = new Map<string, Worker>();
    try {
      while (!this.settings.stop.requested) {
        const grids = await listGrids(this.control);
        for (const grid of grids) if (!watchers.has(grid.hash)) watchers.set(grid.hash, this.watcher(grid.hash));
        const next = await this.firstWithQueuedCells(grids);
        if (next === undefined) {
          await sleepUnlessStopped(POLL_MS, this.settings.stop);
          continue;
        }
        this.say(`Taking cells of grid '${next.name}' (${next.hash}).`);
        const worker = this.worker(next.hash, true);
        let drained = false;
        let took = 0;
        worker.once('drained', () => (drained = true));
        worker.on('active', () => took++);
        await untilStopped(this.settings.stop, () => drained);
        await worker.close();
        // Cells waiting out a retry delay count as queued but cannot be taken yet: do not spin.
        if (took === 0) await sleepUnlessStopped(POLL_MS, this.settings.stop);
      }
    } finally {
      await Promise.all([...watchers.values()].map((w) => w.close()));
    }
  }

  private async firstWithQueuedCells(grids: readonly RegisteredGrid[]): Promise<RegisteredGrid | undefined> {
    for (const grid of grids) if ((await gridBacklog(this.control, grid.hash)).queued > 0) return grid;
    return undefined;
  }

  private worker(gridHash: string, run: boolean): Worker {
    const { stalledSeconds, name } = this.settings;
    const worker = new Worker(gridQueueName(gridHash), run ? (job, token, lockLost) => this.processor.process(job, token, lockLost) : undefined, {
      connection: this.clients.open(),
      prefix: QUEUE_PREFIX,
      name,
      // One cell at a time: a cell trains in this process's one JavaScript thread and tfjs engine
      // (--concurrency starts more processes).
      concurrency: 1,
      autorun: run,
      lockDuration: stalledSeconds * 1000,
      stalledInterval: stalledSeconds * 1000,
      maxStalledCount: MAX_STALLS,
    });
    worker.on('error', (error) => {
      // A lock renewal that failed is reported below; other errors are connection trouble.
      if (!/could not renew lock/.test(error.message)) this.clients.lost(error);
    });
    worker.on('lockRenewalFailed', (jobIds) => {
      for (const jobId of jobIds) {
        this.say(`Lost the lock on cell ${jobId} of grid ${gridHash}; stopping it there (the queue gives it to another worker).`);
        worker.cancelJob(jobId, 'lock lost');
      }
    });
    worker.on('stalled', (jobId) => this.say(`Cell ${jobId} of grid ${gridHash} lost its worker; it is back in the queue.`));
    return worker;
  }

  /** A worker that only runs BullMQ's stalled-job check on a grid it does not serve. */
  private watcher(gridHash: string): Worker {
    const worker = this.worker(gridHash, false);
    worker.startStalledCheckTimer().catch((error: Error) => this.clients.lost(error));
    return worker;
  }
}
