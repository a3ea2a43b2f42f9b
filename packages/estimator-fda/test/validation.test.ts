import { describe, expect, it } from 'vitest';
import { createFDA, plugin } from '../src/index.js';

describe('createFDA', () => {
  it('defaults to n = 4 terms with period T = 2π (ω = 1)', () => {
    const fda = createFDA();
    expect(fda.id).toBe('fda');
    expect(fda.bits).toBe(1);
    expect(fda.getConfig()).toEqual({ n: 4, T: 2 * Math.PI });
    expect(fda.omega).toBe(1);
  });

  it('rejects an n that is not an integer >= 1, naming the value and the range', () => {
    expect(() => createFDA({ n: 0 })).toThrow(/fda: n = 0 is out of range; .* must be >= 1 and an integer/);
    expect(() => createFDA({ n: 2.5 })).toThrow(/fda: n = 2\.5 is out of range; .* must be >= 1 and an integer/);
  });

  it('rejects a T that is not a finite number > 0', () => {
    expect(() => createFDA({ T: 0 })).toThrow(/fda: T = 0 is out of range; .* must be > 0/);
    expect(() => createFDA({ T: Number.POSITIVE_INFINITY })).toThrow(/fda: T = Infinity is out of range/);
  });

  it('rejects unknown config keys, listing the known ones', () => {
    expect(() => createFDA({ omega: 1 } as never)).toThrow(/unknown config key 'omega'; known keys: n, T/);
  });

  it('setHyper validates the name and the value, and keeps valid values', () => {
    const fda = createFDA();
    expect(() => fda.setHyper('omega', 1)).toThrow(/unknown hyper-parameter 'omega'; known: n, T/);
    expect(() => fda.setHyper('n', 1.5)).toThrow(/n = 1\.5 is out of range/);
    fda.setHyper('n', 8);
    fda.setHyper('T', 4);
    expect(fda.getConfig()).toEqual({ n: 8, T: 4 });
    expect(fda.omega).toBeCloseTo(Math.PI / 2, 15);
  });
});

describe('plugin', () => {
  it('has id fda, no default schedule, and creates FDA estimators from JSON configs', () => {
    expect(plugin.id).toBe('fda');
    expect(plugin.defaultSchedules).toBeUndefined();
    expect(plugin.create({ n: 2 }).getConfig()).toEqual({ n: 2, T: 2 * Math.PI });
  });

});
