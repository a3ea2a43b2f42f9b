import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseWith } from '../config/resolve-config.js';
import { partialRunConfigSchema, runConfigSchema } from '../config/schema.js';
import { UsageError } from '../errors.js';

/** An estimator axis value: an id, or an id with plugin config (hyper-parameters). */
const estimatorValue = z.union([z.string().min(1), z.strictObject({ id: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) })]);

/** A backbone axis value: an id, or an id with backbone options (e.g. a reduced width). */
const backboneValue = z.union([z.string().min(1), z.strictObject({ id: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) })]);

/**
 * The run settings a grid axis may vary: any run-config field, with `estimator` taking plugin
 * configs and `backbone` taking backbone options.
 */
const AXIS_KEYS = Object.keys(runConfigSchema.shape).filter((k) => !['out', 'estimatorConfig', 'backboneOptions', 'plugins'].includes(k));

/** A cell assignment in `include`/`exclude`: axis name → value. */
const assignment = z.record(z.string(), z.unknown());

/**
 * A benchmark grid: axes whose cartesian product gives the runs, shared settings, and optional
 * `exclude` rules (a cell matching every key of a rule is dropped) and `include` cells (added).
 */
export const gridSpecSchema = z.strictObject({
  /** Names the grid in reports. */
  name: z.string().min(1),
  /** What the grid reproduces. */
  description: z.string().optional(),
  /** Axis name → values. Axis names are run-config keys (estimator, backbone, dataset, bits, oEnd, oSchedule, seed, …). */
  axes: z.record(z.string(), z.array(z.unknown()).min(1, 'an axis needs at least one value')),
  /** Settings shared by every run (epochs, batchSize, limitTrain, …). */
  settings: partialRunConfigSchema.omit({ out: true }).default({}),
  exclude: z.array(assignment).default([]),
  include: z.array(assignment).default([]),
});

/** A validated grid file. */
export type GridSpec = z.infer<typeof gridSpecSchema>;

/** Reads and validates a grid file. */
export function readGridSpec(path: string): GridSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the grid file ${path}: ${(error as Error).message}. Pass a JSON grid file (see benchmarks/).`);
  }
  return validateGridSpec(json, `the grid file ${path}`);
}

/** Validates a grid given as an object; axis names and estimator values are checked too. */
export function validateGridSpec(json: unknown, what = 'the grid'): GridSpec {
  const spec = parseWith(gridSpecSchema, json, what);
  for (const axis of Object.keys(spec.axes)) {
    if (!AXIS_KEYS.includes(axis)) throw new UsageError(`Unknown axis '${axis}' in ${what}. Axes are run settings: ${AXIS_KEYS.join(', ')}.`);
  }
  for (const value of spec.axes.estimator ?? []) parseWith(estimatorValue, value, `${what}: estimator axis value ${JSON.stringify(value)}`);
  for (const value of spec.axes.backbone ?? []) parseWith(backboneValue, value, `${what}: backbone axis value ${JSON.stringify(value)}`);
  return spec;
}

/** Normalises an estimator axis value to `{ id, config }`. */
export function estimatorOf(value: unknown): { id: string; config: Record<string, unknown> } {
  const parsed = estimatorValue.parse(value);
  return typeof parsed === 'string' ? { id: parsed, config: {} } : parsed;
}

/** Normalises a backbone axis value to `{ id, options }`. */
export function backboneOf(value: unknown): { id: string; options: Record<string, unknown> } {
  const parsed = backboneValue.parse(value);
  return typeof parsed === 'string' ? { id: parsed, options: {} } : parsed;
}

/** A short stable hash of any JSON value (key order normalised). */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 12);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
