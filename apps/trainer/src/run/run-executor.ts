import { inject, injectable, type DependencyContainer } from 'tsyringe';
import type { BackendProvider } from '../backend/backend-provider.js';
import { describeSelection } from '../backend/select-backend.js';
import type { RunConfig } from '../config/schema.js';
import { TOKENS } from '../container/tokens.js';
import type { DataSource } from '../data/data-source.js';
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
 * a new run directory or in the one given (resuming from its checkpoint when it has one). The
 * configuration is already validated, so nothing is created for bad input.
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
    const runDir = options.runDir ?? createRunDir(config);
    logger.attach(runDir);
    logger.info(describeSelection(backend));
    logger.info(
      `Run ${runDir}: ${config.backbone} ${config.bits} with ${config.estimator} on ${dataset.name} ` +
        `(${dataset.sizes.train} train / ${dataset.sizes.test} test images), ${config.epochs} epochs, batch ${config.batchSize}.`,
    );
    return this.scopes.open({ config, runDir, dataset, backend, stop: options.stop, logger }).resolve(Trainer).train();
  }
}
