import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** Prints run messages for people and keeps them in the run directory's `run.log`. */
export class RunLogger {
  private file: string | null = null;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  /** Starts copying messages into `<runDir>/run.log`. */
  attach(runDir: string): void {
    this.file = join(runDir, 'run.log');
  }

  /** Prints and records one message. */
  info(message: string): void {
    this.out.write(`${message}\n`);
    if (this.file !== null) appendFileSync(this.file, `${new Date().toISOString()} ${message}\n`);
  }
}
