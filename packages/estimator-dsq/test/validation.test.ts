import { TrainingClock } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createDSQ, plugin } from '../src/index.js';

describe('createDSQ', () => {
  it('defaults to α = 0.2', () => {
    const dsq = createDSQ();
    expect(dsq.id).toBe('dsq');
    expect(dsq.bits).toBe(1);
    expect(dsq.getConfig()).toEqual({ alpha: 0.2 });
  });

  it('rejects α outside (0, 1), naming the value and the range', () => {
    expect(() => createDSQ({ alpha: 0 })).toThrow(/dsq: alpha = 0 is out of range; .* must be > 0/);
    expect(() => createDSQ({ alpha: 1 })).toThrow(/dsq: alpha = 1 is out of range; alpha .* must be > 0 and < 1/);
    expect(() => createDSQ({ alpha: 1.5 })).toThrow(/dsq: alpha = 1\.5 is out of range; .* must be > 0 and <= 1/);
    expect(() => createDSQ({ alpha: 1e-320 })).toThrow(/dsq: alpha = 1e-320 is out of range; .* k = ln\(2\/α − 1\)\/2/);
    expect(() => createDSQ({ alpha: Number.NaN })).toThrow(/dsq: alpha = NaN is out of range/);
  });

  it('rejects unknown config keys, listing the known ones', () => {
    expect(() => createDSQ({ k: 1 } as never)).toThrow(/unknown config key 'k'; known keys: alpha/);
  });

  it('setHyper validates α and keeps the previous value on failure', () => {
    const dsq = createDSQ();
    expect(() => dsq.setHyper('alpha', 1)).toThrow(/alpha = 1 is out of range/);
    expect(() => dsq.setHyper('k', 1)).toThrow(/unknown hyper-parameter 'k'; known: alpha/);
    dsq.setHyper('alpha', 0.05);
    expect(dsq.getConfig()).toEqual({ alpha: 0.05 });
  });

  it('α can be scheduled towards sign, and a schedule leaving (0, 1] is refused when bound', () => {
    const dsq = createDSQ();
    const clock = new TrainingClock(2, 1).bind({ estimators: [dsq], hyper: 'alpha', schedule: { kind: 'exp', from: 0.4, to: 0.01 } });
    clock.startEpoch(1);
    expect(dsq.hyper.alpha).toBeCloseTo(0.4 * (0.01 / 0.4) ** 0.5, 12);
    expect(() => new TrainingClock(2, 1).bind({ estimators: [dsq], hyper: 'alpha', schedule: { kind: 'linear', from: 0.5, to: 2 } })).toThrow(
      /alpha \(schedule end\) = 2 is out of range/,
    );
  });
});

describe('plugin', () => {
  it('has id dsq and creates DSQ estimators from JSON configs', () => {
    expect(plugin.id).toBe('dsq');
    expect(plugin.defaultSchedules).toBeUndefined();
    expect(plugin.create({ alpha: 0.4 }).getConfig()).toEqual({ alpha: 0.4 });
  });

});
