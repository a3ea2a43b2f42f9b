/**
 * Tokens for values that exist only once a run is set up (the app's own; library tokens are
 * `TOKENS` in `@signflow/core`).
 */
export const APP_TOKENS = {
  /** The run directory (string). */
  RunDir: Symbol.for('signflow.app.RunDir'),
  /** The loaded {@link Dataset} of the run. */
  RunDataset: Symbol.for('signflow.app.RunDataset'),
  /** The {@link BackendSelection} in use. */
  Backend: Symbol.for('signflow.app.Backend'),
  /** The checkpoint to resume from, or null. */
  Resume: Symbol.for('signflow.app.Resume'),
} as const;
