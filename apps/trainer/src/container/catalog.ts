import { injectAll, injectable } from 'tsyringe';
import { registerEstimator, TOKENS, type BackbonePlugin, type EstimatorPlugin, type RecipeFamily } from '@signflow/core';
import { UsageError } from '../errors.js';

/** A dataset the app knows by name. */
export interface DatasetProvider {
  /** CLI name, e.g. `mnist`. */
  readonly id: string;
  /** One line for people. */
  readonly description: string;
}

/**
 * Everything registered in the app's container, looked up by id with errors that list the known
 * ids. Estimator plugins are also put in the global estimator registry, which model loading uses.
 */
@injectable()
export class Catalog {
  constructor(
    @injectAll(TOKENS.EstimatorPlugin) private readonly estimators: EstimatorPlugin[],
    @injectAll(TOKENS.Backbone) private readonly backbones: BackbonePlugin[],
    @injectAll(TOKENS.Dataset) private readonly datasets: DatasetProvider[],
  ) {
    for (const plugin of estimators) registerEstimator(plugin);
  }

  /** The estimator plugin `id`. */
  estimator(id: string): EstimatorPlugin {
    return findOrThrow(this.estimators, id, 'estimator', '--estimator', 'or name an installed plugin package');
  }

  /** The backbone `id`. */
  backbone(id: string): BackbonePlugin {
    return findOrThrow(this.backbones, id, 'backbone', '--backbone');
  }

  /** The recipe family of backbone `id`. */
  recipeOf(id: string): RecipeFamily {
    return this.backbone(id).recipe;
  }

  /** Whether `name` is a known dataset name (anything else is taken as a folder). */
  isDatasetName(name: string): boolean {
    return this.datasets.some((d) => d.id === name);
  }

  /** Ids of everything registered, for help and listings. */
  list(): { estimators: string[]; backbones: string[]; datasets: string[] } {
    return {
      estimators: this.estimators.map((p) => p.id).sort(),
      backbones: this.backbones.map((b) => b.id),
      datasets: this.datasets.map((d) => d.id),
    };
  }
}

function findOrThrow<T extends { id: string }>(items: readonly T[], id: string, what: string, flag: string, extra = ''): T {
  const found = items.find((item) => item.id === id);
  if (found === undefined) {
    const known = items.map((item) => item.id).join(', ');
    throw new UsageError(`Unknown ${what} '${id}'. Known ${what}s: ${known}. Pass one of them to ${flag}${extra ? ` ${extra}` : ''}.`);
  }
  return found;
}
