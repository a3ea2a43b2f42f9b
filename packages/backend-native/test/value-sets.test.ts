import { Add, Cos, GreaterEqual, Multiply, Relu, Sign, Step, Sub } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { binaryValues, unaryValues, ValueSets } from '../src/value-sets.js';

describe('value sets', () => {
  it('follow a sign estimator: (x >= 0) as 0/1, times 2, minus 1', () => {
    const compared = binaryValues(GreaterEqual, null, [0]);
    // A comparison yields 0 and 1 whatever its operands.
    expect(compared).toBeNull();
    const bits = [0, 1];
    const doubled = binaryValues(Multiply, bits, [2]);
    expect(doubled).toEqual([0, 2]);
    expect(binaryValues(Sub, doubled, [1])).toEqual([-1, 1]);
  });

  it('map unary kernels value by value, and give up on kernels they do not know', () => {
    expect(unaryValues(Sign, 0, [-3, 0, 0.5])).toEqual([-1, 0, 1]);
    expect(unaryValues(Relu, 0, [-1, 1])).toEqual([0, 1]);
    expect(unaryValues(Step, 0.25, [-1, 1])).toEqual([0.25, 1]);
    expect(unaryValues(Cos, 0, [0])).toBeNull();
    // Whatever x holds (NaN included: sign(NaN) is 0 here, as on cpu).
    expect(unaryValues(Sign, 0, null)).toEqual([-1, 0, 1]);
    expect(unaryValues(Relu, 0, null)).toBeNull();
  });

  it('stay short: more than eight values, or NaN, is unknown', () => {
    const many = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    expect(binaryValues(Add, many, [0])).toBeNull();
    expect(binaryValues(Add, [0, 1, 2], [0, 1, 2])).toEqual([0, 1, 2, 3, 4]);
    expect(binaryValues(Multiply, [Number.NaN], [1])).toBeNull();
  });

  it('know bool tensors, one-element tensors and recorded tensors', () => {
    const sets = new ValueSets();
    const read = (): number => 3;
    const bool = { dataId: {}, shape: [4], dtype: 'bool' as const };
    const scalar = { dataId: {}, shape: [1, 1], dtype: 'float32' as const };
    const large = { dataId: {}, shape: [4], dtype: 'float32' as const };
    expect(sets.of(bool, read)).toEqual([0, 1]);
    expect(sets.of(scalar, read)).toEqual([3]);
    expect(sets.of(large, read)).toBeNull();
    sets.record(large, [-1, 1]);
    expect(sets.of({ ...large, shape: [2, 2] }, read)).toEqual([-1, 1]);
  });
});
