import { describe, expect, it } from 'vitest';
import { RBNNActivations, RBNNWeights, createRBNN, plugin, rbnnScale } from '../src/index.js';

describe('createRBNN', () => {
  it('defaults to weights at the schedule’s start: t = 0.01 with k following t (k = 100)', () => {
    const rbnn = createRBNN();
    expect(rbnn).toBeInstanceOf(RBNNWeights);
    expect(rbnn.id).toBe('rbnn');
    expect(rbnn.bits).toBe(1);
    expect(rbnn.hyper).toEqual({ t: 0.01, k: 100 });
    expect(rbnn.getConfig()).toEqual({ mode: 'weights', t: 0.01 });
  });

  it('builds the activation variant, whose only hyper-parameter is t', () => {
    const rbnn = createRBNN({ mode: 'activations', t: 0.5 });
    expect(rbnn).toBeInstanceOf(RBNNActivations);
    expect(rbnn.hyper).toEqual({ t: 0.5 });
    expect((rbnn as RBNNActivations).effectiveT).toBe(1);
    expect(rbnn.getConfig()).toEqual({ mode: 'activations', t: 0.5 });
  });

  it('rejects a k for activations, saying why', () => {
    expect(() => createRBNN({ mode: 'activations', k: 2 })).toThrow(/rbnn: k = 2 was given for mode 'activations', whose k is always 1/);
  });

  it('rejects an unknown mode, naming the known ones', () => {
    expect(() => createRBNN({ mode: 'both' as never })).toThrow(/rbnn: mode = "both" is not one of weights, activations/);
  });

  it('rejects t or k that is not a finite number > 0, naming the value and the range', () => {
    expect(() => createRBNN({ t: 0 })).toThrow(/rbnn: t = 0 is out of range; .* must be > 0/);
    expect(() => createRBNN({ mode: 'activations', t: Number.NaN })).toThrow(/rbnn: t = NaN is out of range/);
    expect(() => createRBNN({ k: -1 })).toThrow(/rbnn: k = -1 is out of range; .* must be > 0/);
  });

  it('rejects unknown config keys, listing the known ones', () => {
    expect(() => createRBNN({ T: 1 } as never)).toThrow(/unknown config key 'T'; known keys: mode, t, k/);
  });
});

describe('RBNN hyper-parameters', () => {
  it('recomputes the weights’ k = max(1/t, 1) whenever t is set while k follows t', () => {
    const rbnn = createRBNN();
    for (const [t, k] of [[0.5, 2], [1, 1], [7, 1]]) {
      rbnn.setHyper('t', t);
      expect(rbnn.hyper).toEqual({ t, k });
    }
  });

  it('keeps an explicit k fixed and in the config', () => {
    const rbnn = createRBNN({ t: 0.5, k: 3 });
    rbnn.setHyper('t', 0.05);
    expect(rbnn.hyper).toEqual({ t: 0.05, k: 3 });
    expect(rbnn.getConfig()).toEqual({ mode: 'weights', t: 0.05, k: 3 });
  });

  it('refuses to set k while it follows t, and says how to fix k', () => {
    expect(() => createRBNN({ t: 2 }).setHyper('k', 3)).toThrow(/rbnn: k follows t as max\(1\/t, 1\).*createRBNN\(\{ t: 2, k: 3 \}\)/);
  });

  it('activations have no k', () => {
    expect(() => createRBNN({ mode: 'activations' }).setHyper('k', 1)).toThrow(/unknown hyper-parameter 'k'; known: t/);
  });

  it('rejects a bad t and keeps the values', () => {
    const rbnn = createRBNN({ t: 2 });
    expect(() => rbnn.setHyper('t', -3)).toThrow(/t = -3 is out of range/);
    expect(rbnn.hyper).toEqual({ t: 2, k: 1 });
  });

  it('rbnnScale is max(1/t, 1)', () => {
    expect([0.01, 0.5, 1, 4].map(rbnnScale)).toEqual([100, 2, 1, 1]);
  });
});

describe('plugin', () => {
  it('has id rbnn and rebuilds both variants from their JSON configs', () => {
    expect(plugin.id).toBe('rbnn');
    expect(plugin.create({ mode: 'activations', t: 3 })).toBeInstanceOf(RBNNActivations);
    expect(plugin.create({ mode: 'weights', t: 3, k: 2 }).hyper).toEqual({ t: 3, k: 2 });
  });

});
