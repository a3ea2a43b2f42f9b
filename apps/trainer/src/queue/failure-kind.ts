import { DivergedError } from '../errors.js';

/** Errors a cell's own settings cause (by name: they cross package boundaries), whichever worker runs it. */
const CONFIG_ERRORS = new Set(['UsageError', 'UnknownPluginError', 'ScheduleError']);

/**
 * Whether a cell failed because of its configuration (a diverging run, a bad option): running it
 * again anywhere gives the same error, so the queue records it as failed at once instead of
 * spending its attempts. Anything else (a full disk, a worker without a plugin, a bug) may go
 * away on another attempt or another worker.
 */
export function isConfigFailure(error: unknown): boolean {
  return error instanceof DivergedError || (error instanceof Error && CONFIG_ERRORS.has(error.name));
}
