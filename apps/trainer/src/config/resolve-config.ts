import { readFileSync } from 'node:fs';
import { getBackbonePlugin, getEstimatorPlugin, TrainingClock } from '@signflow/core';
import { EPOCH_NUMBER_FIELDS } from '@signflow/metrics';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { resolveSchedules, takePluginSettings } from './plugin-settings.js';
import { BACKBONE_OVERRIDES, DEFAULT_BACKBONE, RECIPES, SHARED_DEFAULTS } from './recipes.js';
import { bindSchedules, createRunEstimators } from './run-estimators.js';
import { partialRunConfigSchema, runConfigSchema, type PartialRunConfig, type RunConfig } from './schema.js';

/** Settings as they are given: run-config fields and estimator plugins' own settings (e.g. `oEnd`). */
export type GivenSettings = PartialRunConfig & Record<string, unknown>;

/** Reads a JSON config file: any subset of the run configuration, and the run estimator's own settings. */
export function readConfigFile(path: string): GivenSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the config file ${path}: ${(error as Error).message}. Pass an existing JSON file to --config.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The config file ${path} is not valid JSON (${(error as Error).message}). Fix the syntax or pass another file.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`The config file ${path} must hold a JSON object of run settings, got ${JSON.stringify(json)?.slice(0, 40)}.`);
  }
  return json as GivenSettings;
}

/** Options of {@link resolveRunConfig}. */
export interface ResolveOptions {
  /** Drop settings that belong to other estimators' plugins instead of refusing them (a grid's shared settings). */
  readonly lenientSettings?: boolean;
  /** Names the source in error messages. */
  readonly what?: string;
}

/**
 * The resolved configuration of a run: the recipe of the backbone's family, then the given
 * settings (a config file's, then the flags, later wins), with the estimator plugin's schedules
 * and settings resolved into `schedules`. Everything is validated here, before any file or
 * directory is written: the ids, every field, the estimator config (by creating the estimators)
 * and the schedules (by binding them). Throws {@link UsageError} naming what is wrong.
 */
export function resolveRunConfig(given: GivenSettings, options: ResolveOptions = {}): RunConfig {
  const what = options.what ?? 'the run configuration';
  for (const key of ['backbone', 'estimator'] as const) {
    if (given[key] !== undefined && typeof given[key] !== 'string') throw new UsageError(`Invalid ${what}: ${key} must be an id string (got ${JSON.stringify(given[key])}).`);
  }
  const backbone = given.backbone ?? DEFAULT_BACKBONE;
  const estimatorId = given.estimator ?? SHARED_DEFAULTS.estimator;
  const recipe = { ...RECIPES[getBackbonePlugin(backbone).recipe], ...BACKBONE_OVERRIDES[backbone] };
  const plugin = getEstimatorPlugin(estimatorId);
  const { values, rest } = takePluginSettings(given, plugin, options.lenientSettings === true);
  const base = parseWith(runConfigSchema, { ...SHARED_DEFAULTS, ...recipe, ...rest, backbone }, what);
  const config: RunConfig = { ...base, schedules: resolveSchedules(plugin, base.estimatorConfig, base.schedules, values, options.lenientSettings === true) };
  checkEstimator(config);
  checkBackboneOptions(config);
  return config;
}

/** Refuses backbone options the backbone does not declare (a misspelt one would be ignored otherwise). */
function checkBackboneOptions(config: RunConfig): void {
  const known = getBackbonePlugin(config.backbone).optionKeys;
  if (known === undefined) return;
  const unknown = Object.keys(config.backboneOptions).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      `backboneOptions ${unknown.map((k) => `'${k}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not an option of '${config.backbone}'; ` +
        `its options: ${known.join(', ') || '(none)'} (the classes, input shape and seed come from the dataset and --seed).`,
    );
  }
}

/** Creates the run's estimators and binds its schedules once, so that a bad value fails now with exit 2. */
function checkEstimator(config: RunConfig): void {
  const plugin = getEstimatorPlugin(config.estimator);
  let estimators;
  try {
    const created = createRunEstimators(config.bits === '32/32' ? { ...config, bits: '1/32' } : config, plugin);
    estimators = [created.weights, created.activations].filter((e) => e !== null);
    bindSchedules(new TrainingClock(1, 1), estimators, config.schedules, config.scheduleGranularity);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Invalid estimator settings for '${config.estimator}' ${JSON.stringify(config.estimatorConfig)}: ${(error as Error).message}`);
  }
  const reserved = new Set<string>(['epoch', 'backend', ...EPOCH_NUMBER_FIELDS]);
  const clash = Object.keys(config.schedules).find((hyper) => reserved.has(hyper));
  if (clash !== undefined) {
    throw new UsageError(`The estimator '${config.estimator}' schedules a hyper-parameter named '${clash}', a name the epoch log uses for something else; the plugin must rename it.`);
  }
}

/** Validates a value with a schema, turning every issue into one readable UsageError. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const got = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], value);
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return `  ${key}: ${issue.message}${keys}${got !== undefined && issue.code !== 'unrecognized_keys' ? ` (got ${JSON.stringify(got)})` : ''}`;
  });
  throw new UsageError(`Invalid settings in ${what}:\n${lines.join('\n')}\nSee \`signflow train --help\` for the allowed values.`);
}

/** Validates settings given as a subset of a run configuration (e.g. a grid's shared settings). */
export function parsePartialConfig(value: unknown, what: string): PartialRunConfig {
  return parseWith(partialRunConfigSchema, value, what);
}
