import type { RecipeFamily } from '@signflow/core';
import { resolveRunConfig } from '../config/resolve-config.js';
import type { PartialRunConfig, RunConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { backboneOf, estimatorOf, stableHash, type GridSpec } from './grid-spec.js';

/** One run of a grid. */
export interface GridCell {
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
 * backbone and the grid's settings. Duplicate configurations are run once.
 */
export function expandGrid(spec: GridSpec, out: string, recipeOf: (backbone: string) => RecipeFamily): GridCell[] {
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
    const flags: PartialRunConfig = {
      ...spec.settings,
      ...(rest as PartialRunConfig),
      ...(chosen === undefined ? {} : { estimator: chosen.id, estimatorConfig: chosen.config }),
      ...(net === undefined ? {} : { backbone: net.id, backboneOptions: net.options }),
      out,
    };
    const config = resolveRunConfig({}, flags, recipeOf);
    const { out: _out, backend: _backend, ...identity } = config;
    const hash = stableHash(identity);
    const labels = { ...(chosen === undefined ? {} : { estimator: withSettings(chosen.id, chosen.config) }), ...(net === undefined ? {} : { backbone: withSettings(net.id, net.options) }) };
    if (!cells.has(hash)) cells.set(hash, { axes: { ...axes, ...labels }, config, hash });
  }
  if (cells.size === 0) throw new UsageError(`The grid '${spec.name}' expands to no run: give every axis at least one value and check the exclude rules.`);
  return [...cells.values()];
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
