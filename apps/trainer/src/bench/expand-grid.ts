import type { RecipeFamily } from '@signflow/core';
import { resolveRunConfig } from '../config/resolve-config.js';
import type { PartialRunConfig, RunConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { estimatorOf, stableHash, type GridSpec } from './grid-spec.js';

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
    const { estimator, ...rest } = axes;
    const chosen = estimator === undefined ? undefined : estimatorOf(estimator);
    const flags: PartialRunConfig = {
      ...spec.settings,
      ...(rest as PartialRunConfig),
      ...(chosen === undefined ? {} : { estimator: chosen.id, estimatorConfig: chosen.config }),
      out,
    };
    const config = resolveRunConfig({}, flags, recipeOf);
    const { out: _out, backend: _backend, ...identity } = config;
    const hash = stableHash(identity);
    if (!cells.has(hash)) cells.set(hash, { axes: { ...axes, ...(chosen === undefined ? {} : { estimator: chosen.id }) }, config, hash });
  }
  if (cells.size === 0) throw new UsageError(`The grid '${spec.name}' expands to no run: give every axis at least one value and check the exclude rules.`);
  return [...cells.values()];
}

function matches(cell: Record<string, unknown>, rule: Record<string, unknown>): boolean {
  return Object.entries(rule).every(([key, value]) => {
    const actual = key === 'estimator' && cell.estimator !== undefined ? estimatorOf(cell.estimator).id : cell[key];
    return JSON.stringify(actual) === JSON.stringify(value);
  });
}
