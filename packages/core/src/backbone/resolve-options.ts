import type { BackboneOptions } from '../backbone.js';
import type { Estimator } from '../estimator/estimator.js';
import { SeedStream } from '../init/seed-stream.js';

/** {@link BackboneOptions} after validation, with the per-model defaults filled in. */
export interface ResolvedBackboneOptions {
  /** Number of classes of the classifier. */
  readonly numClasses: number;
  /** Input shape, height × width × channels. */
  readonly inputShape: [number, number, number];
  /** Quantises the weights of the binarised layers; null: full precision. */
  readonly weightEstimator: Estimator | null;
  /** Quantises the inputs of the binarised layers; null: real-valued. */
  readonly activationEstimator: Estimator | null;
  /** Seeds for the initialisers, in build order. */
  readonly seeds: SeedStream;
}

/** What a backbone uses when its options leave a size out. */
export interface BackboneDefaults {
  /** Number of classes of the classifier, e.g. 10 for CIFAR-10. */
  readonly numClasses: number;
  /** Input shape, height × width × channels, e.g. `[32, 32, 3]`. */
  readonly inputShape: [number, number, number];
}

/**
 * Validates `options` for the backbone `model` and fills in its defaults, so that every backbone
 * package checks the shared options the same way. Every error names the backbone, the option,
 * the value given and what is expected.
 *
 * @param model the backbone's name, as errors should show it, e.g. `'resnet20'`.
 * @param options what the caller passed; undefined takes every default.
 * @param defaults the backbone's class count and input shape.
 * @throws TypeError when `options` is not an object or an estimator option is not an estimator.
 * @throws RangeError when `numClasses`, `inputShape` or `seed` is out of range.
 */
export function resolveBackboneOptions(model: string, options: BackboneOptions | undefined, defaults: BackboneDefaults): ResolvedBackboneOptions {
  const given = options ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError(`${model}: the options must be an object, got ${JSON.stringify(given)}.`);
  }
  const numClasses = given.numClasses ?? defaults.numClasses;
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`${model}: numClasses = ${JSON.stringify(numClasses)} must be a positive integer.`);
  }
  const inputShape = given.inputShape ?? defaults.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(
      `${model}: inputShape = ${JSON.stringify(inputShape)} must be [height, width, channels] with positive integers, e.g. [32, 32, 3].`,
    );
  }
  const seed = given.seed;
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new RangeError(`${model}: seed = ${JSON.stringify(seed)} must be a (safe) integer.`);
  }
  return {
    numClasses,
    inputShape: [inputShape[0], inputShape[1], inputShape[2]],
    weightEstimator: checkEstimator(model, 'weightEstimator', given.weightEstimator),
    activationEstimator: checkEstimator(model, 'activationEstimator', given.activationEstimator),
    seeds: new SeedStream(seed),
  };
}

/** An estimator option: undefined and null both mean full precision. */
function checkEstimator(model: string, name: string, value: unknown): Estimator | null {
  if (value === undefined || value === null) return null;
  const candidate = value as Partial<Estimator>;
  if (typeof candidate.forward !== 'function' || typeof candidate.pseudoGrad !== 'function' || typeof candidate.bits !== 'number') {
    throw new TypeError(
      `${model}: ${name} must be an Estimator (with forward, pseudoGrad and bits) or null for full precision; ` +
        `got ${describeValue(value)}. Create one with the estimator plugin, e.g. createEstimator('reste').`,
    );
  }
  return value as Estimator;
}

/** JSON where possible (cycles and BigInts fall back to `String`), for error messages. */
function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
