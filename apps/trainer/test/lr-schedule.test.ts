import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../src/train/lr-schedule.js';

describe('learningRateAt', () => {
  // docs/method.md §10.4, ImageNet (no warm-up): CosineAnnealingLR exactly.
  it.each([
    [0, 0.1],
    [1, 0.099996052],
    [100, 0.06545085],
    [125, 0.05],
    [249, 3.9477898e-6],
  ])('ImageNet recipe, epoch %i → %f (docs/method.md §10.4)', (epoch, want) => {
    expect(learningRateAt({ lr: 0.1, epochs: 250, warmupEpochs: 0 }, epoch)).toBeCloseTo(want, 8);
  });

  it('warms up linearly over 5 epochs: 0.02, 0.04, 0.06, 0.08, 0.1 (docs/method.md §10.4)', () => {
    const schedule = { lr: 0.1, epochs: 1000, warmupEpochs: 5 };
    expect([0, 1, 2, 3, 4].map((e) => learningRateAt(schedule, e))).toEqual([0.02, 0.04, 0.06, 0.08, 0.1].map((v) => expect.closeTo(v, 12)));
    expect(learningRateAt(schedule, 5)).toBeCloseTo(0.1, 12);
  });

  it('after warm-up stays within 6e-4 of the reference code for E = 1000 and decays to ~0', () => {
    const schedule = { lr: 0.1, epochs: 1000, warmupEpochs: 5 };
    // The reference recursion's values (docs/method.md §10.4); the intended schedule differs slightly.
    for (const [epoch, reference] of [[100, 0.097913168], [500, 0.050948107], [990, 4.8744181e-5], [999, 6.2182516e-6]]) {
      expect(Math.abs(learningRateAt(schedule, epoch) - reference)).toBeLessThan(6e-4);
    }
    expect(learningRateAt(schedule, 999)).toBeLessThan(1e-5);
  });

  it('never exceeds the peak for short runs (the reference recursion climbs to 0.947 at E = 9)', () => {
    const schedule = { lr: 0.1, epochs: 9, warmupEpochs: 5 };
    for (let e = 0; e < 9; e++) expect(learningRateAt(schedule, e)).toBeLessThanOrEqual(0.1 + 1e-12);
  });
});
