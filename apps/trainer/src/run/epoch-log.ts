import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '@signflow/durable';
import { EPOCH_LOG_FILE, type EpochRecord } from '@signflow/metrics';

/** One line of a run's epoch log (the format `@signflow/metrics` reads and plots). */
export type { EpochRecord };


/** Appends epoch records to the epoch log of a run directory. */
export class EpochLog {
  readonly path: string;

  constructor(runDir: string) {
    this.path = join(runDir, EPOCH_LOG_FILE);
  }

  /** Appends one record. */
  append(record: EpochRecord): void {
    appendFileSync(this.path, JSON.stringify(record) + '\n');
  }

  /**
   * Keeps only the records of epochs before `epoch` (on resume: an epoch logged just before a
   * crash but not checkpointed is trained and logged again).
   */
  truncateTo(epoch: number): void {
    if (!existsSync(this.path)) return;
    const kept = readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && (JSON.parse(line) as EpochRecord).epoch < epoch);
    writeFileDurable(this.path, kept.map((line) => line + '\n').join(''));
  }
}
