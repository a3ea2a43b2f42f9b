import type { Dataset } from '@signflow/data';
import type { BackendSelection } from '../backend/select-backend.js';
import type { RunConfig } from '../config/schema.js';
import type { BuiltModel } from '../train/build-model.js';
import type { RunLogger } from './run-logger.js';

/** Set by the Ctrl-C handler: finish the current step, checkpoint, stop. */
export interface StopSignal {
  requested: boolean;
}

/** What one run is about: the one value its child container holds (everything else is a service). */
export interface RunContext {
  readonly config: RunConfig;
  /** The run directory (created, with its config.json). */
  readonly runDir: string;
  /** The run's data, limited as the config says. */
  readonly dataset: Dataset;
  /** The run's model and estimators, built (and so validated) before the run directory was created. */
  readonly built: BuiltModel;
  /** The active backend, and why faster ones were skipped. */
  readonly backend: BackendSelection;
  readonly stop: StopSignal;
  /** Messages for people, copied into the run's run.log. */
  readonly logger: RunLogger;
}
