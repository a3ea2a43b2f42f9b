import type { BackbonePlugin } from '../backbone.js';
import type { Estimator, EstimatorPlugin } from '../estimator/estimator.js';

/**
 * signflow's one plugin registry: estimators and backbones by id. Lookups, help texts, validation
 * and model loading (tfjs-layers' `fromConfig` rebuilds a layer's estimators from their ids) all
 * read it. It lives on `globalThis` under a `Symbol.for` key, so two copies of this package share
 * one registry, as tfjs's kernel registry does.
 */
interface Registry {
  readonly estimators: Map<string, EstimatorPlugin>;
  readonly backbones: Map<string, BackbonePlugin>;
}

const REGISTRY_KEY = Symbol.for('signflow.pluginRegistry');

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let found = holder[REGISTRY_KEY];
  if (found === undefined) {
    found = { estimators: new Map(), backbones: new Map() };
    holder[REGISTRY_KEY] = found;
  }
  return found;
}

/** Thrown when an id is not registered; its message lists the known ids of that kind. */
export class UnknownPluginError extends Error {
  constructor(
    readonly kind: 'estimator' | 'backbone',
    readonly pluginId: string,
    readonly known: readonly string[],
  ) {
    super(
      `Unknown ${kind} '${pluginId}'. Known ${kind}s: ${known.length > 0 ? known.join(', ') : '(none registered)'}. ` +
        (kind === 'estimator' ? 'Install and register the plugin package that provides it.' : 'Install and register the backbone package that provides it.'),
    );
    this.name = 'UnknownPluginError';
  }
}

/** Thrown when an estimator id is not registered. */
export class UnknownEstimatorError extends UnknownPluginError {
  constructor(estimatorId: string, known: readonly string[]) {
    super('estimator', estimatorId, known);
  }

  /** The id that was asked for. */
  get estimatorId(): string {
    return this.pluginId;
  }
}

/** Thrown when a backbone id is not registered. */
export class UnknownBackboneError extends UnknownPluginError {
  constructor(backboneId: string, known: readonly string[]) {
    super('backbone', backboneId, known);
  }
}

/**
 * What {@link registerPlugins} accepts: a plugin object, a list of them, or a module namespace
 * (`await import('@signflow/estimator-reste')`) whose `plugin`, `plugins` or `backbones` exports
 * hold them.
 */
export type PluginEntry = EstimatorPlugin | BackbonePlugin | PluginModule | readonly PluginEntry[];

/** The exports of a plugin package that {@link registerPlugins} reads. */
export interface PluginModule {
  /** One plugin (every estimator package exports its `plugin`). */
  readonly plugin?: unknown;
  /** Several plugins of any kind. */
  readonly plugins?: unknown;
  /** Backbone plugins (every zoo package exports its `backbones`). */
  readonly backbones?: unknown;
  /** A CommonJS package's exports seen from ESM. */
  readonly default?: unknown;
}

/** The ids a {@link registerPlugins} call registered, by kind. */
export interface RegisteredIds {
  readonly estimators: string[];
  readonly backbones: string[];
}

/**
 * Registers plugins: the one documented call for first-party packages, third-party packages and
 * plugins a test adds at run time.
 *
 * ```ts
 * registerPlugins(await import('@signflow/estimator-reste'), await import('@signflow/zoo-resnet'));
 * registerPlugins(myEstimatorPlugin);
 * ```
 *
 * Registering the same plugin object again does nothing; another plugin under a registered id
 * replaces it with a warning. Throws a TypeError naming the entry when it holds no plugin.
 */
export function registerPlugins(...entries: readonly PluginEntry[]): RegisteredIds {
  const ids: RegisteredIds = { estimators: [], backbones: [] };
  for (const entry of entries) collect(entry, ids, 0);
  return ids;
}

function collect(entry: unknown, ids: RegisteredIds, depth: number): void {
  if (Array.isArray(entry)) {
    for (const item of entry) collect(item, ids, depth);
    return;
  }
  if (isBackbonePlugin(entry)) {
    registerBackbone(entry);
    ids.backbones.push(entry.id);
    return;
  }
  if (isEstimatorPlugin(entry)) {
    registerEstimator(entry);
    ids.estimators.push(entry.id);
    return;
  }
  const module = entry as PluginModule | null;
  const parts = module === null || typeof module !== 'object' ? [] : [module.plugin, module.plugins, module.backbones].filter((p) => p !== undefined);
  if (parts.length === 0 && depth === 0 && typeof module === 'object' && module !== null && module.default !== undefined) {
    collect(module.default, ids, depth + 1);
    return;
  }
  if (parts.length === 0) {
    throw new TypeError(
      `registerPlugins: ${describe(entry)} is neither a plugin nor a module exporting 'plugin', 'plugins' or 'backbones'. ` +
        'An estimator plugin has a string id and a create(config) function; a backbone plugin also has a recipe and a defaultInputShape.',
    );
  }
  for (const part of parts) collect(part, ids, depth + 1);
}

/** Registers an estimator plugin under its id; re-registering an id replaces it with a warning. */
export function registerEstimator(plugin: EstimatorPlugin): void {
  if (!isEstimatorPlugin(plugin)) {
    throw new TypeError(`registerEstimator: expected an object with a string 'id' and a 'create' function, got ${describe(plugin)}.`);
  }
  put(registry().estimators, plugin, 'estimator');
}

/** Registers a backbone plugin under its id; re-registering an id replaces it with a warning. */
export function registerBackbone(plugin: BackbonePlugin): void {
  if (!isBackbonePlugin(plugin)) {
    throw new TypeError(
      `registerBackbone: expected an object with a string 'id', a 'create' function, a 'recipe' and a 'defaultInputShape', got ${describe(plugin)}.`,
    );
  }
  put(registry().backbones, plugin, 'backbone');
}

function put<P extends { id: string }>(map: Map<string, P>, plugin: P, kind: string): void {
  const previous = map.get(plugin.id);
  if (previous !== undefined && previous !== plugin) {
    console.warn(`signflow: ${kind} '${plugin.id}' is registered again; the new plugin replaces the old one.`);
  }
  map.set(plugin.id, plugin);
}

/** Removes the estimator plugin registered under `id`; returns whether one was registered. */
export function unregisterEstimator(id: string): boolean {
  return registry().estimators.delete(id);
}

/** Removes the backbone plugin registered under `id`; returns whether one was registered. */
export function unregisterBackbone(id: string): boolean {
  return registry().backbones.delete(id);
}

/** The estimator plugin registered under `id`; throws {@link UnknownEstimatorError} otherwise. */
export function getEstimatorPlugin(id: string): EstimatorPlugin {
  const plugin = registry().estimators.get(id);
  if (plugin === undefined) throw new UnknownEstimatorError(id, listEstimators());
  return plugin;
}

/** The backbone plugin registered under `id`; throws {@link UnknownBackboneError} otherwise. */
export function getBackbonePlugin(id: string): BackbonePlugin {
  const plugin = registry().backbones.get(id);
  if (plugin === undefined) throw new UnknownBackboneError(id, listBackbones());
  return plugin;
}

/** Whether an estimator plugin is registered under `id`. */
export function hasEstimator(id: string): boolean {
  return registry().estimators.has(id);
}

/** The registered estimator ids, sorted. */
export function listEstimators(): string[] {
  return [...registry().estimators.keys()].sort();
}

/** The registered backbone ids, in registration order (packages list their backbones smallest first). */
export function listBackbones(): string[] {
  return [...registry().backbones.keys()];
}

/** The registered estimator plugins, sorted by id (for listings with descriptions). */
export function estimatorPlugins(): EstimatorPlugin[] {
  return listEstimators().map((id) => getEstimatorPlugin(id));
}

/** The registered backbone plugins, in registration order. */
export function backbonePlugins(): BackbonePlugin[] {
  return [...registry().backbones.values()];
}

/** Creates an estimator from a registered plugin. */
export function createEstimator(id: string, config?: Record<string, unknown>): Estimator {
  return getEstimatorPlugin(id).create(config);
}

/** Whether `value` has the shape of an {@link EstimatorPlugin} (used to check third-party packages). */
export function isEstimatorPlugin(value: unknown): value is EstimatorPlugin {
  return hasIdAndCreate(value) && !('recipe' in value);
}

/** Whether `value` has the shape of a {@link BackbonePlugin}. */
export function isBackbonePlugin(value: unknown): value is BackbonePlugin {
  const b = value as BackbonePlugin;
  return hasIdAndCreate(value) && typeof b.recipe === 'string' && Array.isArray(b.defaultInputShape);
}

function hasIdAndCreate(value: unknown): value is { id: string; create: unknown } {
  const p = value as { id?: unknown; create?: unknown } | null;
  return typeof p === 'object' && p !== null && typeof p.id === 'string' && p.id.length > 0 && typeof p.create === 'function';
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
