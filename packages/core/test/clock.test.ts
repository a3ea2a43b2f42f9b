import { describe, expect, it } from 'vitest';
import { TrainingClock } from '../src/index.js';
import { ScaledSte } from './helpers.js';

describe('TrainingClock', () => {
  it('applies an epoch schedule at the start of each epoch and holds it within the epoch', () => {
    const est = new ScaledSte({ k: 1 });
    const clock = new TrainingClock(1000, 3).bind({ estimators: [est], hyper: 'k', schedule: { kind: 'cosine', from: 1, to: 3 } });
    clock.startEpoch(500);
    expect(est.hyper.k).toBeCloseTo(1.585786, 6); // docs/method.md §10.3
    clock.advanceStep();
    clock.advanceStep();
    expect(est.hyper.k).toBeCloseTo(1.585786, 6);
    clock.advanceStep(); // rolls into epoch 501
    expect(clock.state).toEqual({ epoch: 501, step: 0 });
    expect(est.hyper.k).toBeCloseTo(1 + 2 * (1 - Math.cos((501 / 1000) * Math.PI / 2)), 12);
  });

  it('applies a step schedule before every step', () => {
    const est = new ScaledSte({ k: 1 });
    const clock = new TrainingClock(2, 2).bind({ estimators: [est], hyper: 'k', schedule: { kind: 'linear', from: 1, to: 5 }, granularity: 'step' });
    clock.startEpoch(0);
    const seen = [est.hyper.k];
    for (let i = 0; i < 3; i++) {
      clock.advanceStep();
      seen.push(est.hyper.k);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('restores a position exactly (resume)', () => {
    const a = new ScaledSte({ k: 1 });
    const b = new ScaledSte({ k: 1 });
    const clockA = new TrainingClock(10, 4).bind({ estimators: [a], hyper: 'k', schedule: { kind: 'exp', from: 1, to: 8 } });
    clockA.startEpoch(0);
    for (let i = 0; i < 22; i++) clockA.advanceStep();
    const clockB = new TrainingClock(10, 4).bind({ estimators: [b], hyper: 'k', schedule: { kind: 'exp', from: 1, to: 8 } });
    clockB.restore(clockA.state);
    expect(b.hyper.k).toBe(a.hyper.k);
    expect(clockB.valueOf(0)).toBe(a.hyper.k);
  });

  it('rejects a decreasing schedule for a parameter that may only grow, and out-of-range ends', () => {
    const est = new ScaledSte({ k: 1 });
    const clock = new TrainingClock(10, 1);
    expect(() => clock.bind({ estimators: [est], hyper: 'k', schedule: { kind: 'linear', from: 3, to: 1 } })).toThrow(/goes down from 3 to 1/);
    expect(() => clock.bind({ estimators: [est], hyper: 'k', schedule: { kind: 'linear', from: 0, to: 1 } })).toThrow(/k \(schedule start\) = 0 is out of range/);
    expect(() => clock.bind({ estimators: [est], hyper: 'q', schedule: { kind: 'fixed', value: 1 } })).toThrow(/no hyper-parameter 'q'; known: k/);
  });

  it('rejects bad sizes and positions', () => {
    expect(() => new TrainingClock(0, 1)).toThrow(/totalEpochs = 0 must be an integer >= 1/);
    expect(() => new TrainingClock(2, 2).restore({ epoch: 0, step: 2 })).toThrow(/step 2 is outside 0..1/);
  });
});
