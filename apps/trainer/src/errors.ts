/** Bad input from the user (flag, config, file, plugin): exit code 2. The message says what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure while a run is in progress (diverged loss, I/O failure): exit code 1. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}
