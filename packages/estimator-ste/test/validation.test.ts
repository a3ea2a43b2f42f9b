import { describe, expect, it } from 'vitest';
import { createSTE, plugin } from '../src/index.js';

describe('createSTE', () => {
  it('defaults to clip 1', () => {
    const est = createSTE();
    expect(est.id).toBe('ste');
    expect(est.bits).toBe(1);
    expect(est.getConfig()).toEqual({ clip: 1 });
  });

  it('rejects a clip that is not a finite number > 0, naming the value and the range', () => {
    expect(() => createSTE({ clip: 0 })).toThrow(/ste: clip = 0 is out of range; .* must be > 0/);
    expect(() => createSTE({ clip: -1 })).toThrow(/clip = -1 is out of range/);
    expect(() => createSTE({ clip: Number.NaN })).toThrow(/clip = NaN is out of range/);
  });

  it('rejects unknown config keys', () => {
    expect(() => createSTE({ t: 1 } as never)).toThrow(/unknown config key 't'; known keys: clip/);
  });

  it('setHyper validates the name and the value', () => {
    const est = createSTE();
    expect(() => est.setHyper('o', 2)).toThrow(/unknown hyper-parameter 'o'; known: clip/);
    expect(() => est.setHyper('clip', 0)).toThrow(/clip = 0 is out of range/);
    est.setHyper('clip', 1.5);
    expect(est.getConfig()).toEqual({ clip: 1.5 });
  });
});

describe('plugin', () => {
  it('has id ste and creates STE estimators from JSON configs', () => {
    expect(plugin.id).toBe('ste');
    expect(plugin.create({ clip: 2 }).getConfig()).toEqual({ clip: 2 });
  });

});
