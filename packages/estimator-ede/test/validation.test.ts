import { TrainingClock } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createEDE, edeScale, plugin } from '../src/index.js';

describe('createEDE', () => {
  it('defaults to IR-Net’s t = 0.1 with k following t (k = 10)', () => {
    const ede = createEDE();
    expect(ede.id).toBe('ede');
    expect(ede.bits).toBe(1);
    expect(ede.hyper).toEqual({ t: 0.1, k: 10 });
    expect(ede.kFollowsT).toBe(true);
    expect(ede.getConfig()).toEqual({ t: 0.1 });
  });

  it('keeps an explicit k fixed and in the config', () => {
    const ede = createEDE({ t: 0.5, k: 1 });
    expect(ede.kFollowsT).toBe(false);
    ede.setHyper('t', 0.01);
    expect(ede.hyper).toEqual({ t: 0.01, k: 1 });
    expect(ede.getConfig()).toEqual({ t: 0.01, k: 1 });
  });

  it('rejects t or k that is not a finite number > 0, naming the value and the range', () => {
    expect(() => createEDE({ t: 0 })).toThrow(/ede: t = 0 is out of range; .* must be > 0/);
    expect(() => createEDE({ t: -1 })).toThrow(/ede: t = -1 is out of range/);
    expect(() => createEDE({ t: Number.NaN })).toThrow(/ede: t = NaN is out of range/);
    expect(() => createEDE({ k: 0 })).toThrow(/ede: k = 0 is out of range; .* must be > 0/);
    expect(() => createEDE({ k: Number.POSITIVE_INFINITY })).toThrow(/ede: k = Infinity is out of range/);
  });

  it('rejects unknown config keys, listing the known ones', () => {
    expect(() => createEDE({ T: 1 } as never)).toThrow(/unknown config key 'T'; known keys: t, k/);
  });
});

describe('EDE hyper-parameters', () => {
  it('recomputes k = max(1/t, 1) whenever t is set while k follows t', () => {
    const ede = createEDE();
    for (const [t, k] of [[0.25, 4], [1, 1], [7, 1], [1e-3, 1000]]) {
      ede.setHyper('t', t);
      expect(ede.hyper).toEqual({ t, k });
    }
  });

  it('refuses to set k while it follows t, and says how to fix k', () => {
    const ede = createEDE({ t: 2 });
    expect(() => ede.setHyper('k', 3)).toThrow(/ede: k follows t as max\(1\/t, 1\).*createEDE\(\{ t: 2, k: 3 \}\)/);
    expect(ede.hyper).toEqual({ t: 2, k: 1 });
  });

  it('rejects a bad t and keeps both values', () => {
    const ede = createEDE({ t: 2 });
    expect(() => ede.setHyper('t', 0)).toThrow(/t = 0 is out of range/);
    expect(() => ede.setHyper('t', 1e-320)).toThrow(/k = max\(1\/t, 1\) = Infinity is out of range/);
    expect(ede.hyper).toEqual({ t: 2, k: 1 });
  });

  it('rejects unknown names', () => {
    expect(() => createEDE().setHyper('o', 2)).toThrow(/unknown hyper-parameter 'o'; known: t, k/);
  });

  it('lets a schedule drive a fixed k', () => {
    const ede = createEDE({ t: 1, k: 2 });
    new TrainingClock(4, 1).bind({ estimators: [ede], hyper: 'k', schedule: { kind: 'linear', from: 2, to: 1 } }).startEpoch(2);
    expect(ede.hyper).toEqual({ t: 1, k: 1.5 });
  });

  it('edeScale is max(1/t, 1)', () => {
    expect([0.1, 0.5, 1, 4].map(edeScale)).toEqual([10, 2, 1, 1]);
  });
});

describe('plugin', () => {
  it('has id ede and creates EDE estimators from JSON configs', () => {
    expect(plugin.id).toBe('ede');
    expect(plugin.create({ t: 3 }).getConfig()).toEqual({ t: 3 });
    expect(plugin.create({ t: 3, k: 2 }).hyper).toEqual({ t: 3, k: 2 });
  });

});
