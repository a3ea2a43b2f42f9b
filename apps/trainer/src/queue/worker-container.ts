import { instanceCachingFactory, Lifecycle, type DependencyContainer } from 'tsyringe';
import { TOKENS } from '../container/tokens.js';
import { RunScopes } from '../run/run-executor.js';
import { ActiveJobs, JobProgress } from './job-progress.js';

/**
 * The app's container as a worker uses it: each run reports its progress to its cell's job
 * ({@link JobProgress}, one per run scope) instead of a terminal; everything else is the app's.
 * RunScopes is registered again so that run scopes open under this container and see it.
 */
export function workerContainer(app: DependencyContainer, active: ActiveJobs): DependencyContainer {
  const scope = app.createChildContainer();
  scope.register(ActiveJobs, { useValue: active });
  scope.register(TOKENS.ProgressReporter, { useClass: JobProgress }, { lifecycle: Lifecycle.ContainerScoped });
  scope.register(RunScopes, { useFactory: instanceCachingFactory((c) => new RunScopes(c)) });
  return scope;
}
