import { describe, expect, it } from 'vitest';
import { createReSTE, plugin } from '../src/index.js';

describe('createReSTE', () => {
  it('defaults to the authors’ values o = 1, t = 1.5, m = 0.1', () => {
    const est = createReSTE();
    expect(est.id).toBe('reste');
    expect(est.bits).toBe(1);
    expect(est.getConfig()).toEqual({ o: 1, t: 1.5, m: 0.1 });
    expect(createReSTE({ o: 3 }).hyper).toEqual({ o: 3, t: 1.5, m: 0.1 });
  });

  it('declares o as a parameter that schedules may only raise', () => {
    expect(createReSTE().hyperSpec.o.scheduleDirection).toBe('non-decreasing');
  });

  it('rejects o below 1 or not finite, naming the value and the range', () => {
    expect(() => createReSTE({ o: 0.5 })).toThrow(/reste: o = 0\.5 is out of range; .* must be >= 1/);
    expect(() => createReSTE({ o: Number.NaN })).toThrow(/reste: o = NaN is out of range; .* must be >= 1/);
    expect(() => createReSTE({ o: Number.POSITIVE_INFINITY })).toThrow(/o = Infinity is out of range/);
    expect(() => createReSTE({ o: '2' as unknown as number })).toThrow(/o = 2 is out of range/);
  });

  it('rejects t and m that are not positive', () => {
    expect(() => createReSTE({ t: 0 })).toThrow(/reste: t = 0 is out of range; .* must be > 0/);
    expect(() => createReSTE({ m: -0.1 })).toThrow(/reste: m = -0\.1 is out of range; .* must be > 0/);
  });

  it('rejects t <= m, naming both values and the rule 0 < m < t', () => {
    expect(() => createReSTE({ t: 0.1 })).toThrow(/m = 0\.1 and t = 0\.1.*\(0 < m < t\)/);
    expect(() => createReSTE({ t: 1, m: 2 })).toThrow(/m = 2 and t = 1.*\(0 < m < t\)/);
  });

  it('rejects unknown config keys and a config that is not an object', () => {
    expect(() => createReSTE({ p: 1 } as never)).toThrow(/unknown config key 'p'; known keys: o, t, m/);
    expect(() => createReSTE('fast' as never)).toThrow(/the config must be an object, got "fast"/);
  });
});

describe('setHyper', () => {
  it('rejects an unknown name, listing the known ones', () => {
    expect(() => createReSTE().setHyper('q', 1)).toThrow(/unknown hyper-parameter 'q'; known: o, t, m/);
  });

  it('rejects out-of-range values and keeps the previous value', () => {
    const est = createReSTE({ o: 2 });
    expect(() => est.setHyper('o', 0.9)).toThrow(/o = 0\.9 is out of range; .* must be >= 1/);
    expect(() => est.setHyper('m', 1.5)).toThrow(/m = 1\.5 and t = 1\.5.*\(0 < m < t\)/);
    expect(() => est.setHyper('t', 0.05)).toThrow(/m = 0\.1 and t = 0\.05/);
    expect(est.hyper).toEqual({ o: 2, t: 1.5, m: 0.1 });
  });

  it('applies valid values to getConfig', () => {
    const est = createReSTE();
    est.setHyper('o', 2.25);
    est.setHyper('t', 2);
    expect(est.getConfig()).toEqual({ o: 2.25, t: 2, m: 0.1 });
  });
});

describe('plugin', () => {
  it('has id reste and creates ReSTE estimators from JSON configs', () => {
    expect(plugin.id).toBe('reste');
    expect(plugin.create({ o: 1.5 }).getConfig()).toEqual({ o: 1.5, t: 1.5, m: 0.1 });
  });

});
