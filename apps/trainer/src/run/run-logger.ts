import { join } from 'node:path';
import { appendFileDurable } from '@signflow/durable';

/**
 * Prints run messages for people and keeps them in the run directory's `run.log`. Messages
 * before {@link RunLogger.attach} are printed at once and written to the file when it is
 * attached: a run that turns out to be unusable (a damaged checkpoint) leaves its log untouched.
 */
export class RunLogger {
  private file: string | null = null;
  private pending: string[] = [];

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  /** Starts copying messages into `<runDir>/run.log`, the earlier ones first. */
  attach(runDir: string): void {
    this.file = join(runDir, 'run.log');
    if (this.pending.length > 0) appendFileDurable(this.file, this.pending.join(''));
    this.pending = [];
  }

  /** Prints and records one message. */
  info(message: string): void {
    this.out.write(`${message}\n`);
    const line = `${new Date().toISOString()} ${message}\n`;
    if (this.file !== null) appendFileDurable(this.file, line);
    else this.pending.push(line);
  }
}
