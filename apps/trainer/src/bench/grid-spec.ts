import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { declaredSettings } from '../config/plugin-settings.js';
import { parseWith } from '../config/resolve-config.js';
import { runConfigSchema } from '../config/schema.js';
import { UsageError } from '../errors.js';

/** An estimator axis value: an id, or an id with plugin config (hyper-parameters). */
const estimatorValue = z.union([z.string().min(1), z.strictObject({ id: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) })]);

/** A backbone axis value: an id, or an id with backbone options (e.g. a reduced width). */
const backboneValue = z.union([z.string().min(1), z.strictObject({ id: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) })]);

/**
 * The run settings a grid axis may vary: any run-config field, with `estimator` taking plugin
 * configs and `backbone` taking backbone options, and the settings estimator plugins declare.
 */
function axisKeys(): string[] {
  return [...Object.keys(runConfigSchema.shape).filter((k) => !['out', 'estimatorConfig', 'backboneOptions', 'plugins'].includes(k)), ...declaredSettings().keys()];
}

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
  /** Axis name → values. Axis names are run-config keys (estimator, backbone, dataset, bits, seed, …) and plugin settings (ReSTE's oEnd, oSchedule). */
  axes: z.record(z.string(), z.array(z.unknown()).min(1, 'an axis needs at least one value')),
  /**
   * Settings shared by every run (epochs, batchSize, limitTrain, …, and plugin settings such as
   * ReSTE's oEnd, which apply to the cells whose estimator declares them). Checked per cell.
   */
  settings: z.record(z.string(), z.unknown()).default({}),
  exclude: z.array(assignment).default([]),
  include: z.array(assignment).default([]),
});

/** A validated grid file. */
export type GridSpec = z.infer<typeof gridSpecSchema>;

/** Reads a grid file and validates its form; its axes are checked by {@link checkGridAxes} once its plugins are loaded. */
export function readGridSpec(path: string): GridSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the grid file ${path}: ${(error as Error).message}. Pass a JSON grid file (see benchmarks/).`);
  }
  return parseWith(gridSpecSchema, json, `the grid file ${path}`);
}

/** Validates a grid given as an object, its axes included (see {@link checkGridAxes}). */
export function validateGridSpec(json: unknown, what = 'the grid'): GridSpec {
  const spec = parseWith(gridSpecSchema, json, what);
  checkGridAxes(spec, what);
  return spec;
}

/**
 * Checks a grid's axis names (run settings and the settings of the registered estimator plugins)
 * and its estimator and backbone values; the grid's `settings.plugins` must be loaded first.
 */
export function checkGridAxes(spec: GridSpec, what = 'the grid'): void {
  const keys = axisKeys();
  for (const axis of Object.keys(spec.axes)) {
    if (!keys.includes(axis)) throw new UsageError(`Unknown axis '${axis}' in ${what}. Axes are run settings: ${keys.join(', ')}.`);
  }
  if ('out' in spec.settings) throw new UsageError(`${what}: settings.out is not a grid setting; pass --out to signflow bench.`);
  for (const value of spec.axes.estimator ?? []) parseWith(estimatorValue, value, `${what}: estimator axis value ${JSON.stringify(value)}`);
  for (const value of spec.axes.backbone ?? []) parseWith(backboneValue, value, `${what}: backbone axis value ${JSON.stringify(value)}`);
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
