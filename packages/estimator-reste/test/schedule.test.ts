import { TrainingClock } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createReSTE } from '../src/index.js';

// docs/method.md §10.3: cosine o schedule, o_end = 3, E = 1000 (epoch → o).
const TABLE_8_3: readonly [number, number][] = [
  [0, 1],
  [1, 1.000003],
  [10, 1.000247],
  [100, 1.024623],
  [250, 1.152241],
  [500, 1.585786],
  [750, 2.234633],
  [900, 2.687131],
  [999, 2.996859],
];

describe('scheduling ReSTE o', () => {
  it('a cosine schedule 1 → 3 over 1000 epochs reproduces docs/method.md §10.3 on weights and activations', () => {
    const weights = createReSTE();
    const activations = createReSTE();
    const clock = new TrainingClock(1000, 5).bind({
      estimators: [weights, activations],
      hyper: 'o',
      schedule: { kind: 'cosine', from: 1, to: 3 },
    });
    for (const [epoch, o] of TABLE_8_3) {
      clock.startEpoch(epoch);
      expect(Math.abs(weights.hyper.o - o), `o(${epoch}) = ${weights.hyper.o}`).toBeLessThanOrEqual(1e-5);
      expect(activations.hyper.o).toBe(weights.hyper.o);
    }
  });

  it('rejects a schedule that lowers o', () => {
    const clock = new TrainingClock(10, 1);
    expect(() => clock.bind({ estimators: [createReSTE()], hyper: 'o', schedule: { kind: 'cosine', from: 3, to: 1 } })).toThrow(
      /'reste'\.o goes down from 3 to 1; .* may only grow/,
    );
  });

  it('rejects a schedule that leaves the range of o', () => {
    const clock = new TrainingClock(10, 1);
    expect(() => clock.bind({ estimators: [createReSTE()], hyper: 'o', schedule: { kind: 'linear', from: 0.5, to: 3 } })).toThrow(
      /o \(schedule start\) = 0\.5 is out of range/,
    );
  });
});
