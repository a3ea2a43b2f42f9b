import type { Estimator, EstimatorPlugin } from './estimator.js';

const REGISTRY_KEY = Symbol.for('signflow.estimatorRegistry');

type Registry = Map<string, EstimatorPlugin>;

/** The registry lives on `globalThis` so that two copies of this package share one map. */
function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let map = holder[REGISTRY_KEY];
  if (map === undefined) {
    map = new Map();
    holder[REGISTRY_KEY] = map;
  }
  return map;
}

/** Thrown when an estimator id is not registered; its message lists the known ids. */
export class UnknownEstimatorError extends Error {
  constructor(readonly estimatorId: string, readonly known: readonly string[]) {
    super(
      `Unknown estimator '${estimatorId}'. Known estimators: ${known.length > 0 ? known.join(', ') : '(none registered)'}. ` +
        `Install and register the plugin package that provides it.`,
    );
    this.name = 'UnknownEstimatorError';
  }
}

/** Registers `plugin` under its id; re-registering an id replaces it with a warning. */
export function registerEstimator(plugin: EstimatorPlugin): void {
  if (!isEstimatorPlugin(plugin)) {
    throw new TypeError(
      `registerEstimator: expected an object with a string 'id' and a 'create' function, got ${describe(plugin)}.`,
    );
  }
  const map = registry();
  const previous = map.get(plugin.id);
  if (previous !== undefined && previous !== plugin) {
    console.warn(`signflow: estimator '${plugin.id}' is registered again; the new plugin replaces the old one.`);
  }
  map.set(plugin.id, plugin);
}

/** Removes the plugin registered under `id`; returns whether one was registered. */
export function unregisterEstimator(id: string): boolean {
  return registry().delete(id);
}

/** The plugin registered under `id`; throws {@link UnknownEstimatorError} otherwise. */
export function getEstimatorPlugin(id: string): EstimatorPlugin {
  const plugin = registry().get(id);
  if (plugin === undefined) throw new UnknownEstimatorError(id, listEstimators());
  return plugin;
}

/** The registered estimator ids, sorted. */
export function listEstimators(): string[] {
  return [...registry().keys()].sort();
}

/** Creates an estimator from a registered plugin. */
export function createEstimator(id: string, config?: Record<string, unknown>): Estimator {
  return getEstimatorPlugin(id).create(config);
}

/** Whether `value` has the shape of an {@link EstimatorPlugin} (used to check third-party packages). */
export function isEstimatorPlugin(value: unknown): value is EstimatorPlugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EstimatorPlugin).id === 'string' &&
    (value as EstimatorPlugin).id.length > 0 &&
    typeof (value as EstimatorPlugin).create === 'function'
  );
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
