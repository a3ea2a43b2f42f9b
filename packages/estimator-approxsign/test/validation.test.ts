import { describe, expect, it } from 'vitest';
import { createApproxSign, plugin } from '../src/index.js';

describe('createApproxSign', () => {
  it('has no hyper-parameters and an empty config', () => {
    const approx = createApproxSign();
    expect(approx.id).toBe('approxsign');
    expect(approx.bits).toBe(1);
    expect(approx.hyper).toEqual({});
    expect(approx.getConfig()).toEqual({});
    expect(createApproxSign({}).getConfig()).toEqual({});
  });

  it('rejects any config key', () => {
    expect(() => createApproxSign({ clip: 1 } as never)).toThrow(/approxsign: unknown config key 'clip'/);
  });

  it('rejects a config that is not an object', () => {
    expect(() => createApproxSign(2 as never)).toThrow(/approxsign: the config must be an object, got 2/);
  });

  it('setHyper rejects every name', () => {
    expect(() => createApproxSign().setHyper('t', 1)).toThrow(/approxsign: unknown hyper-parameter 't'; known: \(none\)/);
  });
});

describe('plugin', () => {
  it('has id approxsign and creates ApproxSign estimators from JSON configs', () => {
    expect(plugin.id).toBe('approxsign');
    expect(plugin.create({}).getConfig()).toEqual({});
  });

});
