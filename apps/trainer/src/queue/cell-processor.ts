import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { EPOCH_LOG_FILE, readEpochLog } from '@signflow/metrics';
import type { CellRunner } from '../bench/cell-runner.js';
import { cellHash } from '../bench/expand-grid.js';
import { describeAxes } from '../bench/labels.js';
import { resolveRunConfig, type GivenSettings } from '../config/resolve-config.js';
import type { RunConfig } from '../config/schema.js';
import { loadPluginPackage } from '../plugins/load-plugin-package.js';
import type { StopSignal } from '../run/run-context.js';
import { cellJobDataSchema, cellOf, type CellJobData, type CellJobResult } from './cell-job.js';
import { isConfigFailure } from './failure-kind.js';
import type { ActiveJobs } from './job-progress.js';
import { releaseLostWorkerLock } from './lost-worker-lock.js';

/** How a worker runs cells. */
export interface ProcessorSettings {
  /** Where run directories go: `<runsDir>/<cell hash>`, checkpoints included. */
  readonly runsDir: string;
  /** Replaces the cells' backend (`--backend`); it is not part of a cell's hash. */
  readonly backend?: RunConfig['backend'];
  readonly stop: StopSignal;
  /** The worker's name, recorded with every result (`host:pid`). */
  readonly worker: string;
  /** The names of the workers connected to a queue (undefined when Redis cannot tell). */
  readonly connectedWorkers: (queueName: string) => Promise<ReadonlySet<string> | undefined>;
}

/**
 * Trains the cell of a job with the shared cell runner and turns the outcome into BullMQ's terms:
 * a return value for a completed cell; an UnrecoverableError for a cell that fails because of its
 * configuration (no further attempts); a plain error for anything another attempt or another
 * worker may get past; and, when the worker is being stopped, the job moved back to the queue
 * (its checkpoint saved) instead of failed.
 */
export class CellProcessor {
  constructor(
    private readonly runner: CellRunner,
    private readonly active: ActiveJobs,
    private readonly settings: ProcessorSettings,
  ) {}

  /**
   * Runs one job. `lockLost` is BullMQ's abort signal, raised when this worker could not renew
   * the job's lock: the cell may already be running elsewhere, so it stops at once.
   */
  async process(job: Job, token?: string, lockLost?: AbortSignal): Promise<CellJobResult> {
    if (this.settings.stop.requested) return this.giveBack(job, token, `[${job.id}]`);
    const data = jobData(job);
    const label = `[${data.index + 1}/${data.total}] ${describeAxes(data.axes)}`;
    try {
      return await this.train(job, token, data, label, lockLost);
    } catch (error) {
      if (!(error instanceof WaitingError)) {
        const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        this.active.say(`${label}: failed${last ? '' : ' (it will be tried again)'}: ${(error as Error).message}`);
      }
      throw error;
    }
  }

  private async train(job: Job, token: string | undefined, data: CellJobData, label: string, lockLost: AbortSignal | undefined): Promise<CellJobResult> {
    await this.loadPlugins(data);
    const config = this.configOf(data, label);
    const { runsDir, worker } = this.settings;
    const workerStop = this.settings.stop;
    const stop: StopSignal = {
      get requested() {
        return workerStop.requested || lockLost?.aborted === true;
      },
    };
    const runDir = join(runsDir, data.hash);
    this.active.say(`${label}: taken by ${worker} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`);
    if (job.stalledCounter > 0) {
      const lost = releaseLostWorkerLock(job, runDir, await this.settings.connectedWorkers(job.queueName));
      if (lost !== undefined) this.active.say(`${label}: took over the lock of ${runDir} from ${lost.host}:${lost.pid}, a worker the queue found dead`);
    }
    this.active.add(runDir, job, label);
    let result;
    try {
      result = await this.runner.run(cellOf(data, config), { runsDir, stop, log: this.active.log, total: data.total });
    } finally {
      this.active.remove(runDir);
    }
    if (result.status === 'interrupted') {
      if (lockLost?.aborted === true) throw new Error(`${worker} lost the job's lock (silent longer than --stalled-seconds, or Redis was away); the queue hands the cell to another worker.`);
      return this.giveBack(job, token, label);
    }
    if (result.line.status === 'failed') {
      const message = result.line.error ?? 'unknown error';
      throw isConfigFailure(result.error) ? new UnrecoverableError(message) : new Error(message);
    }
    const epochs = await readEpochLog(join(runDir, EPOCH_LOG_FILE));
    const summaryPath = join(runDir, 'summary.json');
    const summary: unknown = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : null;
    this.active.say(`${label}: done`);
    return { line: result.line, epochs, summary, worker };
  }

  /** Loads the cell's plugin packages from this worker's folder; a missing one fails this attempt, which another worker may pass. */
  private async loadPlugins(data: CellJobData): Promise<void> {
    const plugins = Array.isArray(data.config.plugins) ? (data.config.plugins as string[]) : [];
    for (const name of plugins) {
      try {
        await loadPluginPackage(name);
      } catch (error) {
        const role = name === data.estimatorPackage ? `, which the cell's estimator '${String(data.config.estimator)}' comes from` : '';
        throw new Error(`This worker (${this.settings.worker}, in ${process.cwd()}) cannot load the plugin package '${name}'${role}: ${(error as Error).message}`);
      }
    }
  }

  /**
   * The cell's configuration validated by this worker's signflow. It must give the hash the
   * submitter computed: otherwise this worker runs another signflow version that would train
   * something else under the cell's name.
   */
  private configOf(data: CellJobData, label: string): RunConfig {
    let config: RunConfig;
    try {
      config = resolveRunConfig(data.config as GivenSettings, { lenientSettings: true, what: `the cell ${label}` });
    } catch (error) {
      throw isConfigFailure(error) ? new UnrecoverableError((error as Error).message) : error;
    }
    const hash = cellHash(config);
    if (hash !== data.hash) {
      throw new Error(
        `This worker (${this.settings.worker}) resolves the cell ${label} to another configuration (hash ${hash}, submitted as ${data.hash}): ` +
          'install the same signflow version on every machine.',
      );
    }
    return { ...config, out: this.settings.runsDir, ...(this.settings.backend === undefined ? {} : { backend: this.settings.backend }) };
  }

  /** Puts the job back in the queue (its checkpoint is saved) and tells BullMQ it moved. */
  private async giveBack(job: Job, token: string | undefined, label: string): Promise<never> {
    await job.moveToWait(token);
    this.active.say(`${label}: stopped; back in the queue, to resume from its checkpoint`);
    throw new WaitingError();
  }
}

/** A job's data, checked: a job that is not a signflow cell (or from an incompatible version) fails for good. */
function jobData(job: Job): CellJobData {
  const parsed = cellJobDataSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Job ${job.id} is not a signflow grid cell this worker understands: ${parsed.error.issues[0]?.message ?? 'invalid data'}.`);
  return parsed.data;
}
