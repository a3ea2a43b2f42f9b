/**
 * Dependency-injection tokens shared by every signflow package. They are `Symbol.for` keys, so two
 * copies of a package still agree. Library packages export a `register(container)` that uses them;
 * only the application owns a container.
 */
export const TOKENS = {
  /** An {@link EstimatorPlugin} (multi-registration: resolve with `resolveAll`). */
  EstimatorPlugin: Symbol.for('signflow.EstimatorPlugin'),
  /** A backbone factory entry (multi-registration). */
  Backbone: Symbol.for('signflow.Backbone'),
  /** A dataset provider (multi-registration). */
  Dataset: Symbol.for('signflow.Dataset'),
  /** The optimiser factory of a run. */
  Optimizer: Symbol.for('signflow.Optimizer'),
  /** A training observer: metrics, indicators (multi-registration). */
  Observer: Symbol.for('signflow.Observer'),
  /** The run logger. */
  RunLogger: Symbol.for('signflow.RunLogger'),
  /** The resolved run configuration. */
  RunConfig: Symbol.for('signflow.RunConfig'),
} as const;

/**
 * The part of a tsyringe container that plugin packages use, so that library packages need no
 * dependency on tsyringe itself.
 */
export interface PluginContainer {
  /** Registers a value under a token (tsyringe's `register(token, { useValue })`). */
  register(token: symbol, provider: { useValue: unknown }): unknown;
}
