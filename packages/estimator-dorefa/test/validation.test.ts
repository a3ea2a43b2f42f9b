import { describe, expect, it } from 'vitest';
import {
  DoReFaActivations,
  DoReFaSignWeights,
  DoReFaWeights,
  createDoReFa,
  createDoReFaActivations,
  createDoReFaWeights,
  plugin,
} from '../src/index.js';

describe('createDoReFa', () => {
  it('defaults to the 1-bit weight baseline', () => {
    const est = createDoReFa();
    expect(est).toBeInstanceOf(DoReFaSignWeights);
    expect(est.id).toBe('dorefa');
    expect(est.bits).toBe(1);
    expect(est.getConfig()).toEqual({ bits: 1, mode: 'weights' });
  });

  it('picks the variant from bits and mode', () => {
    expect(createDoReFa({ bits: 2 })).toBeInstanceOf(DoReFaWeights);
    expect(createDoReFa({ mode: 'activations' })).toBeInstanceOf(DoReFaActivations);
    expect(createDoReFaWeights(4).getConfig()).toEqual({ bits: 4, mode: 'weights' });
    expect(createDoReFaActivations(2).getConfig()).toEqual({ bits: 2, mode: 'activations' });
    expect(createDoReFaActivations(2).bits).toBe(2);
  });

  it('rejects a bit-width that is not an integer from 1 to 16, naming the value and the range', () => {
    expect(() => createDoReFa({ bits: 0 })).toThrow(/dorefa: bits = 0 is out of range; .* must be >= 1 and <= 16 and an integer/);
    expect(() => createDoReFa({ bits: 2.5 })).toThrow(/bits = 2\.5 is out of range/);
    expect(() => createDoReFa({ bits: 32 })).toThrow(/bits = 32 is out of range/);
    expect(() => createDoReFa({ bits: Number.NaN })).toThrow(/bits = NaN is out of range/);
    expect(() => new DoReFaWeights(1)).toThrow(/bits = 1 is out of range; .* must be >= 2/);
  });

  it('rejects an unknown mode and unknown keys', () => {
    expect(() => createDoReFa({ mode: 'gradients' as never })).toThrow(/dorefa: mode = "gradients" is not one of weights, activations/);
    expect(() => createDoReFa({ k: 2 } as never)).toThrow(/unknown config key 'k'; known keys: bits, mode/);
  });

  it('has no schedulable hyper-parameter', () => {
    const est = createDoReFa({ bits: 2 });
    expect(est.hyper).toEqual({});
    expect(() => est.setHyper('bits', 3)).toThrow(/unknown hyper-parameter 'bits'; known: \(none\)/);
  });
});

describe('plugin', () => {
  it('has id dorefa and rebuilds each variant from its JSON config', () => {
    expect(plugin.id).toBe('dorefa');
    for (const config of [{ bits: 1, mode: 'weights' }, { bits: 3, mode: 'weights' }, { bits: 2, mode: 'activations' }] as const) {
      expect(plugin.create(JSON.parse(JSON.stringify(config))).getConfig()).toEqual(config);
    }
  });

});
