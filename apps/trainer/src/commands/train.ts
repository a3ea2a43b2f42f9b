import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { TOKENS } from '@signflow/core';
import { parseTrainArgs, TRAIN_USAGE } from '../cli/train-args.js';
import { readConfigFile, resolveRunConfig } from '../config/resolve-config.js';
import type { RunConfig } from '../config/schema.js';
import { catalogOf } from '../container/app-container.js';
import { UsageError } from '../errors.js';
import { loadPluginPackage, looksLikePackage } from '../plugins/load-plugin-package.js';
import { executeRun } from '../run/execute-run.js';
import { readRunConfig } from '../run/run-dir.js';
import { RunLogger } from '../run/run-logger.js';
import type { RunOutcome, StopSignal } from '../train/trainer.js';

/** `signflow train`: resolves the configuration, prepares backend and data, and runs the trainer. */
export async function trainCommand(argv: string[], app: DependencyContainer, stop: StopSignal): Promise<number> {
  const args = parseTrainArgs(argv);
  if (args.help) {
    process.stdout.write(TRAIN_USAGE);
    return 0;
  }
  let config: RunConfig;
  const runDir = args.resume;
  if (runDir !== undefined) {
    const extra = Object.entries(args.flags).filter(([key, value]) => value !== undefined && key !== 'backend');
    if (extra.length > 0 || args.configFile !== undefined) {
      throw new UsageError(`--resume continues a run with its own config.json; drop ${extra.map(([k]) => k).join(', ') || '--config'} (only --backend may be given).`);
    }
    const saved = readRunConfig(runDir);
    config = { ...saved, backend: args.flags.backend ?? saved.backend };
    await loadPlugins(config.plugins, app);
  } else {
    const file = args.configFile === undefined ? {} : readConfigFile(args.configFile);
    const given = { ...file, ...Object.fromEntries(Object.entries(args.flags).filter(([, v]) => v !== undefined)) };
    // An --estimator that names a package is loaded like --plugin and replaced by its plugin's id.
    const estimatorPackage = given.estimator === undefined ? undefined : await estimatorPackageFor(given.estimator, app);
    const plugins = [...new Set([...(given.plugins ?? []), ...(estimatorPackage === undefined ? [] : [estimatorPackage])])];
    const ids = await loadPlugins(plugins, app);
    const estimator = estimatorPackage === undefined ? given.estimator : ids.get(estimatorPackage);
    const catalog = catalogOf(app);
    config = resolveRunConfig(file, { ...args.flags, plugins, estimator }, (id) => catalog.recipeOf(id));
  }
  const logger = new RunLogger();
  const outcome = await executeRun(app, config, stop, runDir, logger);
  report(outcome, logger);
  return outcome.status === 'completed' ? 0 : 130;
}

/**
 * The package to load for an `--estimator` value that is not a registered id: the value itself
 * when it names a package (a scoped name or a path, or any installed package), else
 * `@signflow/estimator-<id>` when installed, so a plugin generated in the workspace is selectable
 * by id after `npm install`.
 */
async function estimatorPackageFor(value: string, app: DependencyContainer): Promise<string | undefined> {
  if (looksLikePackage(value)) return value;
  if (catalogIds(app).includes(value)) return undefined;
  return [value, `@signflow/estimator-${value}`].find(isInstalled);
}

function catalogIds(app: DependencyContainer): string[] {
  return app.resolveAll<{ id: string }>(TOKENS.EstimatorPlugin).map((p) => p.id);
}

function isInstalled(name: string): boolean {
  try {
    createRequire(join(process.cwd(), 'noop.js')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

async function loadPlugins(names: readonly string[], app: DependencyContainer): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const name of names) ids.set(name, (await loadPluginPackage(name, app)).id);
  return ids;
}

function report(outcome: RunOutcome, logger: RunLogger): void {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(2)}%`);
  logger.info(
    `Test top-1 ${pct(outcome.lastTop1)} (best ${pct(outcome.bestTop1)} at epoch ${outcome.bestEpoch + 1}), top-5 ${pct(outcome.lastTop5)}. ` +
      `Run directory: ${outcome.runDir}`,
  );
}
