/**
 * The app's injection tokens: one per seam, so that a test or a deployment substitutes an
 * implementation through the container. Concrete classes with a single implementation (the
 * trainer, the run executor, the bench's cell runner) are their own tokens.
 */
export const TOKENS = {
  /** The {@link RunContext} of the run a child container belongs to (a value, one per run). */
  RunContext: Symbol('signflow.RunContext'),
  /** A `BackendProvider`: activates a tfjs backend. */
  BackendProvider: Symbol('signflow.BackendProvider'),
  /** A `DataSource`: loads a run's dataset. */
  DataSource: Symbol('signflow.DataSource'),
  /** A `CheckpointStore`: saves and restores a run's checkpoints. */
  CheckpointStore: Symbol('signflow.CheckpointStore'),
  /** An `OptimizerFactory`. */
  OptimizerFactory: Symbol('signflow.OptimizerFactory'),
  /** A `ProgressReporter` for the live progress of a run. */
  ProgressReporter: Symbol('signflow.ProgressReporter'),
  /** A `TrainingObserver` (multi-registration, one instance per run). */
  TrainingObserver: Symbol('signflow.TrainingObserver'),
  /** A `ModelExporter`: one format of `signflow export` (multi-registration). */
  ModelExporter: Symbol('signflow.ModelExporter'),
  /** The bench's `CellTransport`: how a grid's cells reach the code that trains them. */
  CellTransport: Symbol('signflow.CellTransport'),
  /** The stream for messages to people (stdout). */
  Output: Symbol('signflow.Output'),
} as const;
