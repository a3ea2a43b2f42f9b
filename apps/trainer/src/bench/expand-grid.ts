import { getEstimatorPlugin } from '@signflow/core';
import { declaredSettings } from '../config/plugin-settings.js';
import { resolveRunConfig, type GivenSettings } from '../config/resolve-config.js';
import type { RunConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { backboneOf, estimatorOf, stableHash, type GridSpec } from './grid-spec.js';

/** One run of a grid. */
export interface GridCell {
  /** Its position in the grid (0-based). */
  readonly index: number;
  /** The axis values of this run (estimator as its id; its config is part of `config`). */
  readonly axes: Readonly<Record<string, unknown>>;
  /** The resolved run configuration. */
  readonly config: RunConfig;
  /** Stable id of the run: a hash of its configuration (output folder excluded). */
  readonly hash: string;
}

/**
 * The runs of a grid: the cartesian product of its axes (in the order written), minus the cells
 * an `exclude` rule matches, plus the `include` cells; each resolved with the recipe of its
 * backbone and the grid's settings. Duplicate configurations are run once. An estimator plugin's
 * own settings (ReSTE's `oEnd`) may be axes and shared settings; they apply to the cells whose
 * estimator declares them (so `estimator: [reste, ste] × oEnd: [2, 3]` runs the STE once).
 */
export function expandGrid(spec: GridSpec, out: string): GridCell[] {
  const names = Object.keys(spec.axes);
  let assignments: Record<string, unknown>[] = [{}];
  for (const name of names) assignments = assignments.flatMap((a) => spec.axes[name].map((value) => ({ ...a, [name]: value })));
  if (names.length === 0) assignments = [];
  const kept = assignments.filter((a) => !spec.exclude.some((rule) => matches(a, rule)));
  const cells = new Map<string, GridCell>();
  for (const axes of [...kept, ...spec.include]) {
    const { estimator, backbone, ...rest } = axes;
    const chosen = estimator === undefined ? undefined : estimatorOf(estimator);
    const net = backbone === undefined ? undefined : backboneOf(backbone);
    const given: GivenSettings = {
      ...spec.settings,
      ...rest,
      ...(chosen === undefined ? {} : { estimator: chosen.id, estimatorConfig: chosen.config }),
      ...(net === undefined ? {} : { backbone: net.id, backboneOptions: net.options }),
      out,
    };
    const config = withContext(axes, () => resolveRunConfig(given, { lenientSettings: true, what: 'the grid cell' }));
    const hash = cellHash(config);
    const labels = { ...(chosen === undefined ? {} : { estimator: withSettings(chosen.id, chosen.config) }), ...(net === undefined ? {} : { backbone: withSettings(net.id, net.options) }) };
    if (!cells.has(hash)) cells.set(hash, { index: cells.size, axes: { ...ownAxes(axes, config.estimator), ...labels }, config, hash });
  }
  if (cells.size === 0) throw new UsageError(`The grid '${spec.name}' expands to no run: give every axis at least one value and check the exclude rules.`);
  return [...cells.values()];
}

/** A cell's run id: a hash of its configuration, output folder and backend excluded (they do not change its numbers). */
export function cellHash(config: RunConfig): string {
  const { out: _out, backend: _backend, ...identity } = config;
  return stableHash(identity);
}

/**
 * The axes that apply to a cell: a plugin setting another estimator declares (ReSTE's `oEnd` in
 * an STE cell) changes nothing in the run, so the cell is labelled without it and runs once.
 */
function ownAxes(axes: Record<string, unknown>, estimatorId: string): Record<string, unknown> {
  const own = new Set((getEstimatorPlugin(estimatorId).settings ?? []).map((s) => s.key));
  const foreign = declaredSettings();
  return Object.fromEntries(Object.entries(axes).filter(([key]) => own.has(key) || !foreign.has(key)));
}

/** Runs `resolve`, naming the cell in a usage error. */
function withContext<T>(axes: Record<string, unknown>, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`In the grid cell ${JSON.stringify(axes)}: ${error.message}`);
    throw error;
  }
}

/** A report label: `vgg-small`, `vgg-small(widthMultiplier=0.25)`, `reste(t=1.25)`. */
function withSettings(id: string, settings: Record<string, unknown>): string {
  const entries = Object.entries(settings).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return entries.length === 0 ? id : `${id}(${entries.join(', ')})`;
}

function matches(cell: Record<string, unknown>, rule: Record<string, unknown>): boolean {
  return Object.entries(rule).every(([key, value]) => {
    const actual =
      key === 'estimator' && cell.estimator !== undefined ? estimatorOf(cell.estimator).id : key === 'backbone' && cell.backbone !== undefined ? backboneOf(cell.backbone).id : cell[key];
    return JSON.stringify(actual) === JSON.stringify(value);
  });
}
