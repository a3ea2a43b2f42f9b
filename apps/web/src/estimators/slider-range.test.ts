import { describe, expect, it } from 'vitest';
import { sliderRange } from './slider-range.js';

describe('sliderRange', () => {
  it("spans ReSTE's o from 1 to 10 with steps that reach 3 exactly", () => {
    const r = sliderRange('reste', 'o', { description: 'o', min: 1 }, 1);
    expect([r.min, r.max, r.step]).toEqual([1, 10, 0.001]);
    expect(Number.isInteger(Math.round((3 - r.min) / r.step))).toBe(true);
  });

  it('starts a step above an exclusive minimum and keeps integers whole', () => {
    expect(sliderRange('x', 'clip', { description: '', min: 0, minExclusive: true }, 1)).toEqual({ min: 0.01, max: 10, step: 0.01 });
    expect(sliderRange('x', 'bits', { description: '', min: 1, max: 16, integer: true }, 2)).toEqual({ min: 1, max: 16, step: 1 });
    expect(sliderRange('x', 'n', { description: '', min: 0, minExclusive: true, integer: true }, 4)).toEqual({ min: 1, max: 16, step: 1 });
  });
});
