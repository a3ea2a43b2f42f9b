/** Bad input from the user (flag, config, file, plugin, run directory): exit code 2. The message says what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A run's weights, optimiser state or loss stopped being finite: exit code 3. The last finite checkpoint is kept. */
export class DivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivergedError';
  }
}

/** An expected failure during a run that is not the user's input (e.g. an I/O failure): exit code 2. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

/** The exit codes of the `signflow` command (docs/reliability.md). */
export const EXIT = { ok: 0, bug: 1, usage: 2, diverged: 3, interrupted: 130 } as const;

/** Errors of signflow's libraries that are the user's input, by name (they are thrown across package boundaries). */
const INPUT_ERRORS = new Set(['UsageError', 'RunError', 'DatasetError', 'UnknownPluginError', 'ScheduleError', 'EpochLogError', 'LockHeldError']);

/** What an operating-system error means for a user, by code. */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** How the command line reports an error: the exit code, and what to print. */
export interface ErrorReport {
  readonly code: number;
  readonly message: string;
}

/**
 * Maps an error to an exit code and a message. Expected failures (bad input, I/O errors,
 * divergence) get one clear message; anything else is a bug and says so, with its stack.
 * `debug` adds the stack to every message.
 */
export function describeError(error: unknown, debug: boolean): ErrorReport {
  const err = error as (Error & { code?: unknown; path?: unknown; syscall?: unknown }) | undefined;
  const stack = debug && err?.stack !== undefined ? `\n${err.stack}` : '';
  if (err instanceof DivergedError) return { code: EXIT.diverged, message: `signflow: ${err.message}${stack}` };
  if (err !== undefined && INPUT_ERRORS.has(err.name) && !(err instanceof SyntaxError)) {
    return { code: EXIT.usage, message: `signflow: ${err.message}${stack}` };
  }
  const meaning = typeof err?.code === 'string' ? SYSTEM_ERRORS[err.code] : undefined;
  if (meaning !== undefined) {
    const where = typeof err?.path === 'string' ? ` ${err.path}` : '';
    const action = typeof err?.syscall === 'string' ? ` (${err.syscall})` : '';
    return {
      code: EXIT.usage,
      message: `signflow: cannot use${where}${action}: ${meaning} [${String(err?.code)}]. Check the path and its permissions, or choose another location; files already written are intact.${stack}`,
    };
  }
  return {
    code: EXIT.bug,
    message: `signflow: unexpected failure; this is a bug, please report it with the command you ran and this output:\n${err?.stack ?? String(error)}`,
  };
}
