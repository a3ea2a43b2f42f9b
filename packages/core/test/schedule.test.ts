import { describe, expect, it } from 'vitest';
import { parseSchedule, patchSchedule, scheduleValue, validateSchedule, ScheduleError, type ScheduleSpec } from '../src/index.js';

// Expected values are the table of docs/method.md §10.3 (cosine, as the authors' code computes o), typed in.
const cosine: ScheduleSpec = { kind: 'cosine', from: 1, to: 3 };

describe('scheduleValue', () => {
  it.each([
    [1000, 0, 1.0],
    [1000, 1, 1.000003],
    [1000, 10, 1.000247],
    [1000, 100, 1.024623],
    [1000, 250, 1.152241],
    [1000, 500, 1.585786],
    [1000, 750, 2.234633],
    [1000, 900, 2.687131],
    [1000, 999, 2.996859],
    [250, 125, 1.585786],
    [250, 249, 2.987434],
  ])('cosine o(e=%i/%i) matches docs/method.md §10.3', (E, e, want) => {
    expect(scheduleValue(cosine, e / E)).toBeCloseTo(want, 5);
  });

  it('linear matches the form 1 + (e/E)(o_end − 1) of docs/method.md §3.3', () => {
    const linear: ScheduleSpec = { kind: 'linear', from: 1, to: 3 };
    expect(scheduleValue(linear, 250 / 1000)).toBeCloseTo(1.5, 12);
    expect(scheduleValue(linear, 500 / 1000)).toBeCloseTo(2.0, 12);
    expect(scheduleValue(linear, 999 / 1000)).toBeCloseTo(2.998, 12);
  });

  it('power is from + (to − from)·p^power, power 2 by default', () => {
    expect(scheduleValue({ kind: 'power', from: 1, to: 3 }, 0.5)).toBeCloseTo(1.5, 12);
    expect(scheduleValue({ kind: 'power', from: 1, to: 3, power: 3 }, 0.5)).toBeCloseTo(1.25, 12);
  });

  it('exp interpolates log-linearly: from·(to/from)^p', () => {
    expect(scheduleValue({ kind: 'exp', from: 1, to: 4 }, 0.5)).toBeCloseTo(2, 12);
    expect(scheduleValue({ kind: 'exp', from: 0.1, to: 10 }, 0.5)).toBeCloseTo(1, 12);
  });

  it('fixed is constant', () => {
    expect(scheduleValue({ kind: 'fixed', value: 3 }, 0)).toBe(3);
    expect(scheduleValue({ kind: 'fixed', value: 3 }, 1)).toBe(3);
  });

  it('every kind starts at from and ends at to', () => {
    for (const kind of ['linear', 'cosine', 'power', 'exp'] as const) {
      expect(scheduleValue({ kind, from: 1, to: 3 }, 0)).toBeCloseTo(1, 12);
      expect(scheduleValue({ kind, from: 1, to: 3 }, 1)).toBeCloseTo(3, 12);
    }
  });

  it('rejects progress outside [0, 1]', () => {
    expect(() => scheduleValue(cosine, 1.5)).toThrow(/progress = 1.5 must lie in \[0, 1\]/);
    expect(() => scheduleValue(cosine, Number.NaN)).toThrow(ScheduleError);
  });
});

describe('validateSchedule', () => {
  it('rejects an unknown kind, naming the known ones', () => {
    expect(() => validateSchedule({ kind: 'sigmoid', from: 1, to: 3 })).toThrow(
      /Unknown schedule kind 'sigmoid'; known kinds: fixed, linear, cosine, power, exp/,
    );
  });
  it('rejects non-finite bounds, unknown fields and bad parameters', () => {
    expect(() => validateSchedule({ kind: 'linear', from: 1, to: Number.NaN })).toThrow(/to = NaN must be a finite number/);
    expect(() => validateSchedule({ kind: 'linear', from: 1, to: 3, steps: 4 })).toThrow(/unknown field 'steps'/);
    expect(() => validateSchedule({ kind: 'power', from: 1, to: 3, power: 0 })).toThrow(/power = 0 must be > 0/);
    expect(() => validateSchedule({ kind: 'exp', from: 0, to: 3 })).toThrow(/must both be > 0/);
    expect(() => validateSchedule({ kind: 'cosine', from: 1, to: 3, power: 2 })).toThrow(/takes no 'power'/);
    expect(() => validateSchedule('cosine')).toThrow(/must be an object/);
  });
  it('fills the default power', () => {
    expect(validateSchedule({ kind: 'power', from: 1, to: 3 })).toEqual({ kind: 'power', from: 1, to: 3, power: 2 });
  });
});

describe('patchSchedule', () => {
  it('moves the end of a schedule and keeps its start and shape', () => {
    expect(patchSchedule(cosine, { to: 4 })).toEqual({ kind: 'cosine', from: 1, to: 4 });
  });

  it("makes 'fixed' hold the end value from the start (the appendix's fixed strategy)", () => {
    expect(patchSchedule(cosine, { kind: 'fixed', to: 2 })).toEqual({ kind: 'fixed', value: 2 });
    expect(patchSchedule(cosine, { kind: 'fixed' })).toEqual({ kind: 'fixed', value: 3 });
  });

  it('keeps the exponent of a power schedule and takes a new one', () => {
    expect(patchSchedule(cosine, { kind: 'power' })).toEqual({ kind: 'power', from: 1, to: 3, power: 2 });
    expect(patchSchedule({ kind: 'power', from: 1, to: 3, power: 3 }, { to: 5 })).toEqual({ kind: 'power', from: 1, to: 5, power: 3 });
    expect(patchSchedule(cosine, { kind: 'power', power: 0.5 })).toEqual({ kind: 'power', from: 1, to: 3, power: 0.5 });
  });

  it('refuses an exponent on a schedule that is not a power', () => {
    expect(() => patchSchedule(cosine, { power: 3 })).toThrow(/takes no 'power'/);
    expect(() => patchSchedule(cosine, { kind: 'fixed', power: 3 })).toThrow(/takes no 'power'/);
  });
});

describe('parseSchedule', () => {
  it.each<[string, ScheduleSpec]>([
    ['fixed:2', { kind: 'fixed', value: 2 }],
    ['cosine:1:3', { kind: 'cosine', from: 1, to: 3 }],
    ['linear:0.5:1.5', { kind: 'linear', from: 0.5, to: 1.5 }],
    ['exp:0.1:10', { kind: 'exp', from: 0.1, to: 10 }],
    ['power:1:3', { kind: 'power', from: 1, to: 3, power: 2 }],
    ['power:1:3:0.5', { kind: 'power', from: 1, to: 3, power: 0.5 }],
  ])('%s', (text, spec) => {
    expect(parseSchedule(text)).toEqual(spec);
  });

  it.each(['cosine:1', 'cosine:1:x', 'fixed', 'sine:1:2', 'fixed:1:2', 'exp:0:1', 'power:1:2:3:4', 'cosine::3'])('rejects %s', (text) => {
    expect(() => parseSchedule(text)).toThrow(ScheduleError);
  });
});
