import { describe, expect, it } from 'vitest';
import { resolveBackboneOptions, SeedStream, type BackboneDefaults, type BackboneOptions } from '../src/index.js';
import { ScaledSte } from './helpers.js';

const DEFAULTS: BackboneDefaults = { numClasses: 10, inputShape: [28, 28, 1] };

describe('resolveBackboneOptions', () => {
  it('fills in the defaults: full precision, no seed', () => {
    const resolved = resolveBackboneOptions('tiny', undefined, DEFAULTS);
    expect(resolved.numClasses).toBe(10);
    expect(resolved.inputShape).toEqual([28, 28, 1]);
    expect(resolved.inputShape).not.toBe(DEFAULTS.inputShape); // a copy: the defaults cannot be changed through it
    expect(resolved.weightEstimator).toBeNull();
    expect(resolved.activationEstimator).toBeNull();
    expect(resolved.seeds.next()).toBeUndefined();
  });

  it('keeps the given values, the estimators by identity, and seeds the initialisers as SeedStream does', () => {
    const weights = new ScaledSte({ k: 1 });
    const activations = new ScaledSte({ k: 2 });
    const resolved = resolveBackboneOptions(
      'tiny',
      { numClasses: 3, inputShape: [8, 6, 2], weightEstimator: weights, activationEstimator: activations, seed: 7 },
      DEFAULTS,
    );
    expect(resolved.numClasses).toBe(3);
    expect(resolved.inputShape).toEqual([8, 6, 2]);
    expect(resolved.weightEstimator).toBe(weights);
    expect(resolved.activationEstimator).toBe(activations);
    const reference = new SeedStream(7);
    expect([resolved.seeds.next(), resolved.seeds.next()]).toEqual([reference.next(), reference.next()]);
  });

  it('treats null estimators as full precision', () => {
    const resolved = resolveBackboneOptions('tiny', { weightEstimator: null, activationEstimator: null }, DEFAULTS);
    expect(resolved.weightEstimator).toBeNull();
    expect(resolved.activationEstimator).toBeNull();
  });

  it('rejects options that are not an object, naming the backbone and the value', () => {
    expect(() => resolveBackboneOptions('tiny', 5 as unknown as BackboneOptions, DEFAULTS)).toThrow(TypeError);
    expect(() => resolveBackboneOptions('tiny', 5 as unknown as BackboneOptions, DEFAULTS)).toThrow(/^tiny: the options must be an object, got 5\.$/);
    expect(() => resolveBackboneOptions('tiny', [] as unknown as BackboneOptions, DEFAULTS)).toThrow(/tiny: the options must be an object, got \[\]/);
  });

  it('rejects sizes and seeds out of range, naming the option, the value and the rule', () => {
    const bad = (options: Record<string, unknown>) => () => resolveBackboneOptions('tiny', options as BackboneOptions, DEFAULTS);
    expect(bad({ numClasses: 0 })).toThrow(RangeError);
    expect(bad({ numClasses: 0 })).toThrow(/tiny: numClasses = 0 must be a positive integer/);
    expect(bad({ numClasses: 2.5 })).toThrow(/numClasses = 2\.5 must be a positive integer/);
    expect(bad({ inputShape: [32, 32] })).toThrow(/tiny: inputShape = \[32,32\] must be \[height, width, channels\] with positive integers/);
    expect(bad({ inputShape: [32, 0, 3] })).toThrow(/inputShape = \[32,0,3\]/);
    expect(bad({ seed: 1.5 })).toThrow(/tiny: seed = 1\.5 must be a \(safe\) integer/);
    expect(bad({ seed: 2 ** 53 })).toThrow(/seed = 9007199254740992/);
  });

  it('rejects an estimator option that is not an estimator, naming which one and how to make one', () => {
    const bad = (options: Record<string, unknown>) => () => resolveBackboneOptions('tiny', options as BackboneOptions, DEFAULTS);
    expect(bad({ weightEstimator: 'reste' })).toThrow(TypeError);
    expect(bad({ weightEstimator: 'reste' })).toThrow(/tiny: weightEstimator must be an Estimator .* got "reste"\. .*createEstimator\('reste'\)/);
    expect(bad({ activationEstimator: { bits: 1 } })).toThrow(/activationEstimator must be an Estimator .* got \{"bits":1\}/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(bad({ weightEstimator: cyclic })).toThrow(/weightEstimator must be an Estimator .* got \[object Object\]/);
  });
});
