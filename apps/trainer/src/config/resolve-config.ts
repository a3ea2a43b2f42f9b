import { readFileSync } from 'node:fs';
import type { RecipeFamily } from '@signflow/core';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { BACKBONE_OVERRIDES, DEFAULT_BACKBONE, RECIPES, SHARED_DEFAULTS } from './recipes.js';
import { partialRunConfigSchema, runConfigSchema, type PartialRunConfig, type RunConfig } from './schema.js';

/** Reads and validates a JSON config file (any subset of the run configuration). */
export function readConfigFile(path: string): PartialRunConfig {
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
  return parseWith(partialRunConfigSchema, json, `the config file ${path}`);
}

/**
 * The resolved configuration of a run: the recipe of the backbone's family, then the config file,
 * then the flags (later wins). Throws {@link UsageError} naming every invalid field.
 */
export function resolveRunConfig(
  file: PartialRunConfig,
  flags: PartialRunConfig,
  recipeOf: (backbone: string) => RecipeFamily,
): RunConfig {
  const given = { ...file, ...stripUndefined(flags) };
  const backbone = given.backbone ?? DEFAULT_BACKBONE;
  const recipe = { ...RECIPES[recipeOf(backbone)], ...BACKBONE_OVERRIDES[backbone] };
  return parseWith(runConfigSchema, { ...SHARED_DEFAULTS, ...recipe, ...given, backbone }, 'the run configuration');
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
  throw new UsageError(`Invalid ${what}:\n${lines.join('\n')}\nSee \`signflow train --help\` for the allowed values.`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
