import type { DependencyContainer } from 'tsyringe';
import { TOKENS } from '@signflow/core';
import { loadDataset } from '@signflow/data';
import { describeSelection, selectBackend } from '../backend/select-backend.js';
import type { RunConfig } from '../config/schema.js';
import { APP_TOKENS } from '../container/app-tokens.js';
import { catalogOf, createRunContainer } from '../container/app-container.js';
import { limitDataset } from '../train/dataset-subset.js';
import { Trainer, type RunOutcome, type StopSignal } from '../train/trainer.js';
import { createRunDir } from './run-dir.js';
import { RunLogger } from './run-logger.js';

/**
 * Runs one training run in its own child container: checks the ids, selects the backend, loads
 * the data, then trains in `runDir` (resuming from its checkpoint when it has one) or in a new
 * run directory under `config.out`. Bad input is reported before any directory is created.
 */
export async function executeRun(app: DependencyContainer, config: RunConfig, stop: StopSignal, runDir?: string, logger = new RunLogger()): Promise<RunOutcome> {
  const catalog = catalogOf(app);
  catalog.estimator(config.estimator);
  catalog.backbone(config.backbone);
  const backend = await selectBackend(config.backend);
  const dataset = limitDataset(await loadDataset(config.dataset), { train: config.limitTrain, test: config.limitTest }, config.seed);
  const dir = runDir ?? createRunDir(config);
  logger.attach(dir);
  logger.info(describeSelection(backend));
  logger.info(
    `Run ${dir}: ${config.backbone} ${config.bits} with ${config.estimator} on ${dataset.name} ` +
      `(${dataset.sizes.train} train / ${dataset.sizes.test} test images), ${config.epochs} epochs, batch ${config.batchSize}.`,
  );
  const run = createRunContainer(app, [
    [TOKENS.RunConfig, config],
    [TOKENS.RunLogger, logger],
    [APP_TOKENS.RunDataset, dataset],
    [APP_TOKENS.RunDir, dir],
    [APP_TOKENS.Backend, backend],
  ]);
  return run.resolve(Trainer).run(stop);
}
