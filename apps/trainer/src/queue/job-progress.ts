import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { inject, injectable } from 'tsyringe';
import { EPOCH_LOG_FILE, type EpochRecord } from '@signflow/metrics';
import { TOKENS } from '../container/tokens.js';
import type { ProgressReporter, StepProgress } from '../run/progress.js';
import type { RunContext } from '../run/run-context.js';
import type { CellProgress } from './cell-job.js';

/** How often a running cell reports its step progress to the queue. */
const STEP_PROGRESS_MS = 2_000;

/** The jobs this worker is running, by run directory, so that each run's progress reaches its own job. */
export class ActiveJobs {
  private readonly jobs = new Map<string, { readonly job: Job; readonly label: string }>();

  constructor(readonly log: NodeJS.WritableStream) {}

  add(runDir: string, job: Job, label: string): void {
    this.jobs.set(runDir, { job, label });
  }

  remove(runDir: string): void {
    this.jobs.delete(runDir);
  }

  get(runDir: string): { readonly job: Job; readonly label: string } | undefined {
    return this.jobs.get(runDir);
  }

  /** Prints a worker message. */
  say(line: string): void {
    this.log.write(`${line}\n`);
  }
}

/**
 * A worker's progress reporter (one per run, replacing the terminal's): sends the run's epoch
 * lines, with their epoch-log records, and every few seconds its step progress to the cell's job,
 * where the submitter reads them. Progress updates are best effort: while Redis is away they wait
 * in the connection's queue and the run goes on.
 */
@injectable()
export class JobProgress implements ProgressReporter {
  private lastSent = 0;

  constructor(
    @inject(TOKENS.RunContext) private readonly run: RunContext,
    @inject(ActiveJobs) private readonly active: ActiveJobs,
  ) {}

  update(p: StepProgress): void {
    const now = Date.now();
    if (now - this.lastSent < STEP_PROGRESS_MS && p.done < p.steps) return;
    this.lastSent = now;
    this.send({ kind: 'step', epoch: p.epoch, epochs: p.epochs, done: p.done, steps: p.steps });
  }

  line(text: string): void {
    const entry = this.active.get(this.run.runDir);
    const record = lastEpochRecord(this.run.runDir);
    this.active.say(`${entry?.label ?? this.run.runDir}: ${text}`);
    this.send({ kind: 'epoch', epoch: (record?.epoch ?? 0) + 1, epochs: this.run.config.epochs, text, ...(record === undefined ? {} : { record }) });
  }

  private send(progress: CellProgress): void {
    const entry = this.active.get(this.run.runDir);
    entry?.job.updateProgress(progress).catch((error: Error) => this.active.say(`${entry.label}: could not send progress (${error.message}).`));
  }
}

/** The last record of a run's epoch log (the trainer appends it just before printing the epoch's line). */
function lastEpochRecord(runDir: string): EpochRecord | undefined {
  try {
    const lines = readFileSync(join(runDir, EPOCH_LOG_FILE), 'utf8').trim().split('\n');
    return JSON.parse(lines[lines.length - 1]) as EpochRecord;
  } catch {
    return undefined;
  }
}
