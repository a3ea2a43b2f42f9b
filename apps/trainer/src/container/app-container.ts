import { container as rootContainer, instanceCachingFactory, Lifecycle, type DependencyContainer } from 'tsyringe';
import { InstalledBackends } from '../backend/backend-provider.js';
import { InProcessTransport } from '../bench/cell-transport.js';
import { LocalDataSource } from '../data/data-source.js';
import { FIRST_PARTY_EXPORTERS } from '../deploy/model-exporter.js';
import { registerFirstPartyPlugins } from '../plugins/first-party.js';
import { FolderCheckpoints } from '../run/checkpoint.js';
import { StreamProgress } from '../run/progress.js';
import { RunScopes } from '../run/run-executor.js';
import { FlipRatioObserver } from '../train/flip-ratio-observer.js';
import { IndicatorObserver } from '../train/indicator-observer.js';
import { RecipeOptimizers } from '../train/optimizer-factory.js';
import { TOKENS } from './tokens.js';

/**
 * The application's container. Services live as long as the app (singletons); the training
 * observers are container-scoped, so each run's child container ({@link RunScopes}) gets its own.
 * First-party plugins are registered in core's plugin registry, which every command reads.
 * Tests and embedders override a seam by registering another implementation on the returned
 * container (or a child of it) before resolving.
 */
export function createAppContainer(): DependencyContainer {
  registerFirstPartyPlugins();
  const app = rootContainer.createChildContainer();
  app.register(TOKENS.BackendProvider, { useClass: InstalledBackends }, { lifecycle: Lifecycle.Singleton });
  app.register(TOKENS.DataSource, { useClass: LocalDataSource }, { lifecycle: Lifecycle.Singleton });
  app.register(TOKENS.CheckpointStore, { useClass: FolderCheckpoints }, { lifecycle: Lifecycle.Singleton });
  app.register(TOKENS.OptimizerFactory, { useClass: RecipeOptimizers }, { lifecycle: Lifecycle.Singleton });
  app.register(TOKENS.ProgressReporter, { useClass: StreamProgress }, { lifecycle: Lifecycle.Singleton });
  app.register(TOKENS.CellTransport, { useClass: InProcessTransport }, { lifecycle: Lifecycle.Singleton });
  app.register(TOKENS.Output, { useValue: process.stdout });
  app.register(TOKENS.TrainingObserver, { useClass: IndicatorObserver }, { lifecycle: Lifecycle.ContainerScoped });
  app.register(TOKENS.TrainingObserver, { useClass: FlipRatioObserver }, { lifecycle: Lifecycle.ContainerScoped });
  for (const exporter of FIRST_PARTY_EXPORTERS) app.register(TOKENS.ModelExporter, { useValue: exporter });
  app.register(RunScopes, { useFactory: instanceCachingFactory((c) => new RunScopes(c)) });
  return app;
}
