import type { Tensor } from '@tensorflow/tfjs-core';
import type { Estimator, HyperSpec } from './estimator.js';
import { checkHyperValue } from './hyper.js';

/**
 * Shared bookkeeping for estimators whose configuration is a set of numeric hyper-parameters:
 * validation against a {@link HyperSpec} table, `setHyper`, and a JSON `getConfig`.
 * Subclasses implement the maths.
 */
export abstract class BaseEstimator implements Estimator {
  readonly hyperSpec: Readonly<Record<string, HyperSpec>>;
  private readonly values: Record<string, number>;

  /**
   * @param id registry key
   * @param bits output bit-width
   * @param spec the hyper-parameters and their ranges
   * @param values initial values, one per key of `spec`
   */
  protected constructor(
    readonly id: string,
    readonly bits: number,
    spec: Record<string, HyperSpec>,
    values: Record<string, number>,
  ) {
    this.hyperSpec = Object.freeze({ ...spec });
    this.values = {};
    for (const name of Object.keys(spec)) {
      const value = values[name];
      if (value === undefined) throw new Error(`${id}: missing hyper-parameter ${name}.`);
      checkHyperValue(id, name, spec[name], value);
      this.values[name] = value;
    }
    this.validate(this.values);
  }

  get hyper(): Readonly<Record<string, number>> {
    return { ...this.values };
  }

  setHyper(name: string, value: number): void {
    const spec = this.hyperSpec[name];
    if (spec === undefined) {
      throw new RangeError(
        `${this.id}: unknown hyper-parameter '${name}'; known: ${Object.keys(this.hyperSpec).join(', ') || '(none)'}.`,
      );
    }
    checkHyperValue(this.id, name, spec, value);
    const next = { ...this.values, [name]: value };
    this.validate(next);
    this.values[name] = value;
    this.onHyperChange(name);
  }

  getConfig(): Record<string, unknown> {
    return { ...this.values };
  }

  /** Cross-parameter constraints (e.g. ReSTE's m < t); throws a RangeError when violated. */
  protected validate(_values: Readonly<Record<string, number>>): void {
    // No cross-parameter constraint by default.
  }

  /** Called after a hyper-parameter changed, to refresh derived host-side constants. */
  protected onHyperChange(_name: string): void {
    // Nothing derived by default.
  }

  abstract forward(x: Tensor): Tensor;
  abstract pseudoGrad(x: Tensor, dy: Tensor): Tensor;
}

/**
 * Reads a plugin config: rejects unknown keys (naming the known ones) and merges defaults.
 * Every estimator plugin validates its config through this, so errors read alike.
 */
export function resolveConfig<C extends Record<string, unknown>>(
  id: string,
  defaults: C,
  config: Partial<C> | undefined,
): C {
  const given = config ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError(`${id}: the config must be an object, got ${JSON.stringify(given)}.`);
  }
  for (const key of Object.keys(given)) {
    if (!(key in defaults)) {
      throw new RangeError(
        `${id}: unknown config key '${key}'; known keys: ${Object.keys(defaults).join(', ')}.`,
      );
    }
  }
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
