import { inject, injectable, type DependencyContainer } from 'tsyringe';
import { getBackbonePlugin, getEstimatorPlugin } from '@signflow/core';
import type { Dataset } from '@signflow/data';
import { lockFolder, removeTempFiles, type FolderLock } from '@signflow/durable';
import type { BackendProvider } from '../backend/backend-provider.js';
import { describeSelection } from '../backend/select-backend.js';
import type { RunConfig } from '../config/schema.js';
import { TOKENS } from '../container/tokens.js';
import type { DataSource } from '../data/data-source.js';
import { UsageError } from '../errors.js';
import { buildModel, type BuiltModel } from '../train/build-model.js';
import { Trainer, type RunOutcome } from '../train/trainer.js';
import type { RunContext, StopSignal } from './run-context.js';
import { createRunDir } from './run-dir.js';
import { RunLogger } from './run-logger.js';

/** Opens one child container per run, holding that run's {@link RunContext}. */
export class RunScopes {
  constructor(private readonly container: DependencyContainer) {}

  /** A container whose per-run services (trainer, observers) belong to this run only. */
  open(context: RunContext): DependencyContainer {
    const scope = this.container.createChildContainer();
    scope.register(TOKENS.RunContext, { useValue: context });
    return scope;
  }
}

/** Options of {@link RunExecutor.execute}. */
export interface ExecuteOptions {
  readonly stop: StopSignal;
  /** Train in this existing run directory (resume, or a bench cell's folder); default: a new one under `config.out`. */
  readonly runDir?: string;
  readonly logger?: RunLogger;
}

/**
 * Runs one training run: activates the backend, loads the data, then trains in its own scope, in
 * a new run directory or in the one given (resuming from its checkpoint when it has one), while
 * holding the run directory's lock. The configuration is already validated and the data loaded
 * before anything is created, so bad input leaves no trace.
 */
@injectable()
export class RunExecutor {
  constructor(
    @inject(TOKENS.BackendProvider) private readonly backends: BackendProvider,
    @inject(TOKENS.DataSource) private readonly data: DataSource,
    @inject(RunScopes) private readonly scopes: RunScopes,
  ) {}

  async execute(config: RunConfig, options: ExecuteOptions): Promise<RunOutcome> {
    const logger = options.logger ?? new RunLogger();
    const backend = await this.backends.select(config.backend);
    const dataset = await this.data.load(config);
    const built = buildRunModel(config, dataset);
    let lock: FolderLock | undefined;
    try {
      const runDir = options.runDir ?? createRunDir(config);
      lock = lockFolder(runDir, `signflow train (${config.backbone} ${config.bits} with ${config.estimator})`);
      if (lock.tookOverFrom !== undefined) logger.info(`Took over the lock of ${runDir} from process ${lock.tookOverFrom.pid}, which no longer runs.`);
      const leftovers = removeTempFiles(runDir);
      if (leftovers.length > 0) logger.info(`Removed ${leftovers.length} temporary file${leftovers.length === 1 ? '' : 's'} left by an interrupted write.`);
      logger.info(describeSelection(backend));
      logger.info(
        `Run ${runDir}: ${config.backbone} ${config.bits} with ${config.estimator} on ${dataset.name} ` +
          `(${dataset.sizes.train} train / ${dataset.sizes.test} test images), ${config.epochs} epochs, batch ${config.batchSize}.`,
      );
      return await this.scopes.open({ config, runDir, dataset, built, backend, stop: options.stop, logger }).resolve(Trainer).train();
    } finally {
      lock?.release();
      built.model.dispose();
    }
  }
}

/** Builds the run's model; a backbone that refuses its options or the data's shape is the user's input. */
function buildRunModel(config: RunConfig, dataset: Dataset): BuiltModel {
  try {
    return buildModel(config, getBackbonePlugin(config.backbone), getEstimatorPlugin(config.estimator), dataset);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new UsageError(`The backbone '${config.backbone}' cannot be built for ${dataset.name} with ${JSON.stringify(config.backboneOptions)}: ${error.message}`);
    }
    throw error;
  }
}
