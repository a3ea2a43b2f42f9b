import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendFileDurable, completeLines, writeFileDurable } from '@signflow/durable';
import { EPOCH_LOG_FILE, type EpochRecord } from '@signflow/metrics';
import { UsageError } from '../errors.js';

/** One line of a run's epoch log (the format `@signflow/metrics` reads and plots). */
export type { EpochRecord };

/** The epoch log of a run directory: one JSON line per finished epoch, appended durably. */
export class EpochLog {
  readonly path: string;

  constructor(runDir: string) {
    this.path = join(runDir, EPOCH_LOG_FILE);
  }

  /** Appends one record. */
  append(record: EpochRecord): void {
    appendFileDurable(this.path, JSON.stringify(record) + '\n');
  }

  /**
   * Keeps only the records of epochs before `epoch`, so that the log matches the checkpoint a run
   * resumes from (0: a fresh start) whatever moment a crash hit: an epoch logged but not
   * checkpointed is trained and logged again, and a line an append left half-written is dropped.
   */
  truncateTo(epoch: number): void {
    if (!existsSync(this.path)) return;
    const kept: string[] = [];
    completeLines(readFileSync(this.path, 'utf8')).forEach((line, index) => {
      let record: EpochRecord;
      try {
        record = JSON.parse(line) as EpochRecord;
      } catch {
        throw new UsageError(`${this.path}, line ${index + 1}, is damaged (not JSON). Delete that line, or the file, and resume again: the log is rebuilt from the checkpoint onwards.`);
      }
      if (typeof record.epoch === 'number' && record.epoch < epoch) kept.push(line);
    });
    writeFileDurable(this.path, kept.map((line) => line + '\n').join(''));
  }
}
