import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import { TOKENS } from '@signflow/core';
import { listDatasets } from '@signflow/data';
import { register as registerApproxSign } from '@signflow/estimator-approxsign';
import { register as registerDoReFa } from '@signflow/estimator-dorefa';
import { register as registerDSQ } from '@signflow/estimator-dsq';
import { register as registerEDE } from '@signflow/estimator-ede';
import { register as registerFDA } from '@signflow/estimator-fda';
import { register as registerRBNN } from '@signflow/estimator-rbnn';
import { register as registerReSTE } from '@signflow/estimator-reste';
import { register as registerSTE } from '@signflow/estimator-ste';
import { register as registerResNets } from '@signflow/zoo-resnet';
import { register as registerSmall } from '@signflow/zoo-small';
import { register as registerVgg } from '@signflow/zoo-vgg';
import { register as registerViT } from '@signflow/zoo-vit';
import { FlipRatioObserver } from '../train/flip-ratio-observer.js';
import { IndicatorObserver } from '../train/indicator-observer.js';
import { createOptimizer } from '../train/optimizers.js';
import { Catalog, type DatasetProvider } from './catalog.js';

/**
 * The application's container: the first-party estimator plugins and backbones (each package's
 * own `register`), the named datasets, the optimiser factory and the training observers. Runs
 * get a child container of it ({@link createRunContainer}); third-party plugins are registered
 * into it before the catalog is first resolved.
 */
export function createAppContainer(): DependencyContainer {
  const app = globalContainer.createChildContainer();
  const estimators = [registerReSTE, registerSTE, registerDoReFa, registerEDE, registerRBNN, registerApproxSign, registerDSQ, registerFDA];
  const backbones = [registerSmall, registerResNets, registerVgg, registerViT];
  for (const register of [...estimators, ...backbones]) register(app);
  for (const info of listDatasets()) {
    app.register<DatasetProvider>(TOKENS.Dataset, { useValue: { id: info.name, description: info.description } });
  }
  app.register(TOKENS.Optimizer, { useValue: createOptimizer });
  app.register(TOKENS.Observer, { useClass: IndicatorObserver });
  app.register(TOKENS.Observer, { useClass: FlipRatioObserver });
  return app;
}

/** The catalog of everything registered in `app`, built once after all plugins are registered. */
export function catalogOf(app: DependencyContainer): Catalog {
  if (!app.isRegistered(Catalog)) app.register(Catalog, { useValue: app.resolve(Catalog) });
  return app.resolve(Catalog);
}

/** A child container for one run, holding the run's own values under their tokens. */
export function createRunContainer(app: DependencyContainer, values: ReadonlyArray<readonly [symbol, unknown]>): DependencyContainer {
  const run = app.createChildContainer();
  for (const [token, value] of values) run.register(token, { useValue: value });
  return run;
}
