import type { HyperSpec } from './estimator.js';

/** Describes the allowed range of a hyper-parameter for error messages, e.g. `>= 1`. */
export function describeRange(spec: HyperSpec): string {
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.minExclusive ? '>' : '>='} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`<= ${spec.max}`);
  if (spec.integer) parts.push('an integer');
  return parts.length > 0 ? parts.join(' and ') : 'a finite number';
}

/**
 * Throws a RangeError naming the estimator, the parameter, the value and the allowed range when
 * `value` violates `spec`.
 */
export function checkHyperValue(owner: string, name: string, spec: HyperSpec, value: number): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (spec.min === undefined || (spec.minExclusive ? value > spec.min : value >= spec.min)) &&
    (spec.max === undefined || value <= spec.max) &&
    (!spec.integer || Number.isInteger(value));
  if (!ok) {
    throw new RangeError(
      `${owner}: ${name} = ${String(value)} is out of range; ${name} (${spec.description}) must be ${describeRange(spec)}.`,
    );
  }
}
