import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { hasEstimator } from '@signflow/core';
import { parseTrainArgs, pluginFlags, trainUsage } from '../cli/train-args.js';
import { readConfigFile, resolveRunConfig, type GivenSettings } from '../config/resolve-config.js';
import { UsageError } from '../errors.js';
import { loadPluginPackage, looksLikePackage } from '../plugins/load-plugin-package.js';
import type { StopSignal } from '../run/run-context.js';
import { RunExecutor } from '../run/run-executor.js';
import { readSavedSettings, savedRunConfig } from '../run/run-dir.js';
import { RunLogger } from '../run/run-logger.js';
import type { RunOutcome } from '../train/trainer.js';

/** `signflow train`: loads plugin packages, resolves and validates the configuration, then trains. */
export async function trainCommand(argv: string[], app: DependencyContainer, stop: StopSignal): Promise<number> {
  const early = pluginFlags(argv);
  if (early.resume !== undefined) return resume(argv, early.resume, app, stop);
  // An --estimator that names a package is loaded like --plugin and replaced by its plugin's id.
  const file: GivenSettings = early.configFile === undefined ? {} : readConfigFile(early.configFile);
  const requested = early.estimator ?? (typeof file.estimator === 'string' ? file.estimator : undefined);
  const estimatorPackage = requested === undefined ? undefined : estimatorPackageFor(requested);
  const plugins = [...new Set([...(Array.isArray(file.plugins) ? file.plugins : []), ...early.plugins, ...(estimatorPackage === undefined ? [] : [estimatorPackage])])];
  const loaded = new Map<string, string[]>();
  for (const name of plugins) loaded.set(name, (await loadPluginPackage(name)).estimators);
  const args = parseTrainArgs(argv);
  if (args.help) {
    process.stdout.write(trainUsage());
    return 0;
  }
  const estimator = estimatorPackage === undefined ? requested : onlyEstimatorOf(estimatorPackage, loaded.get(estimatorPackage) ?? []);
  const config = resolveRunConfig(mergeSettings(file, { ...args.flags, plugins, ...(estimator === undefined ? {} : { estimator }) }));
  const logger = new RunLogger();
  return report(await app.resolve(RunExecutor).execute(config, { stop, logger }), logger);
}

/** `signflow train --resume DIR [--backend NAME]`: continues a run with its own config.json. */
async function resume(argv: string[], runDir: string, app: DependencyContainer, stop: StopSignal): Promise<number> {
  const saved = readSavedSettings(runDir);
  for (const name of Array.isArray(saved.plugins) ? saved.plugins : []) await loadPluginPackage(name);
  const args = parseTrainArgs(argv);
  const extra = Object.keys(args.flags).filter((key) => key !== 'backend');
  if (extra.length > 0 || args.configFile !== undefined) {
    throw new UsageError(`--resume continues a run with its own config.json; drop ${extra.join(', ') || '--config'} (only --backend may be given).`);
  }
  const config = savedRunConfig(runDir, saved, args.flags.backend);
  const logger = new RunLogger();
  return report(await app.resolve(RunExecutor).execute(config, { stop, runDir, logger }), logger);
}

/**
 * A config file's settings with the flags over them; the estimator config, schedules and backbone
 * options merge entry by entry, so `--hyper t=1` keeps the file's other estimator settings.
 */
function mergeSettings(file: GivenSettings, flags: GivenSettings): GivenSettings {
  const merged: GivenSettings = { ...file, ...flags };
  for (const key of ['estimatorConfig', 'schedules', 'backboneOptions'] as const) {
    if (isObject(file[key]) && isObject(flags[key])) (merged as Record<string, unknown>)[key] = { ...file[key], ...flags[key] };
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The package to load for an `--estimator` value that is not a registered id: the value itself
 * when it names a package (a scoped name or a path, or any installed package), else
 * `@signflow/estimator-<id>` when installed, so a plugin generated in the workspace is selectable
 * by id after `npm install`.
 */
function estimatorPackageFor(value: string): string | undefined {
  if (looksLikePackage(value)) return value;
  if (hasEstimator(value)) return undefined;
  return [value, `@signflow/estimator-${value}`].find(isInstalled);
}

function onlyEstimatorOf(name: string, ids: readonly string[]): string {
  if (ids.length !== 1) {
    throw new UsageError(`The package '${name}' registers ${ids.length === 0 ? 'no estimator' : `several estimators (${ids.join(', ')})`}; load it with --plugin and pick one with --estimator ID.`);
  }
  return ids[0];
}

function isInstalled(name: string): boolean {
  try {
    createRequire(join(process.cwd(), 'noop.js')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

function report(outcome: RunOutcome, logger: RunLogger): number {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(2)}%`);
  logger.info(
    `Test top-1 ${pct(outcome.lastTop1)} (best ${pct(outcome.bestTop1)} at epoch ${outcome.bestEpoch + 1}), top-5 ${pct(outcome.lastTop5)}. ` +
      `Run directory: ${outcome.runDir}`,
  );
  return outcome.status === 'completed' ? 0 : 130;
}
