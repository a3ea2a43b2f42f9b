import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { RELU_GRAD } from '../src/opcodes.js';
import { countsDuring, expectSameAsCpu, input, nativeReady, runOn } from './helpers.js';

const SHAPE_PAIRS: [number[], number[]][] = [
  [[2, 3, 4, 5], [2, 3, 4, 5]],
  [[2, 3, 4, 5], [5]],
  [[2, 3, 4, 5], [1, 1, 1, 5]],
  [[5], [2, 3, 4, 5]],
  [[2, 3, 4, 5], [2, 1, 1, 5]],
  [[2, 1, 4, 1], [1, 3, 1, 5]],
  [[3, 1], [1, 4]],
  [[7, 9], []],
  [[], [6]],
  [[40000], [40000]],
  [[3, 20000], [3, 1]],
];

const BINARY: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ['Add', tf.add],
  ['Sub', tf.sub],
  ['Multiply', tf.mul],
  ['RealDiv', tf.div],
  ['Maximum', tf.maximum],
  ['Minimum', tf.minimum],
  ['SquaredDifference', tf.squaredDifference],
  ['Equal', tf.equal],
  ['NotEqual', tf.notEqual],
  ['Greater', tf.greater],
  ['GreaterEqual', tf.greaterEqual],
  ['Less', tf.less],
  ['LessEqual', tf.lessEqual],
];

describe.skipIf(!nativeReady)('element-wise kernels', () => {
  for (const [name, op] of BINARY) {
    it(`${name} matches cpu on broadcasting shapes and runs natively`, async () => {
      for (const [i, [aShape, bShape]] of SHAPE_PAIRS.entries()) {
        // Coarse values make the comparisons hit equality too.
        const a = input(aShape, 10 + i, -2, 2);
        const b = input(bShape, 40 + i, -2, 2);
        const round = name.includes('Equal') || name.includes('Greater') || name.includes('Less');
        await expectSameAsCpu([a, b], (p, q) => (round ? op(tf.round(p as tf.Tensor), tf.round(q as tf.Tensor)) : op(p as tf.Tensor, q as tf.Tensor)));
      }
      const counts = await countsDuring([name], () => {
        tf.tidy(() => op(tf.ones([2, 3]), tf.ones([3])));
      });
      expect(counts[name]).toEqual({ native: 1, fallback: 0 });
    });
  }

  it('Pow matches cpu for positive bases and integer exponents', async () => {
    await expectSameAsCpu([input([3, 4], 1, 0.1, 3), input([4], 2, -2, 2)], (a, b) => tf.pow(a as tf.Tensor, b as tf.Tensor));
    await expectSameAsCpu([input([3, 4], 3, -3, 3)], (a) => tf.pow(a as tf.Tensor, tf.scalar(3)));
  });

  it('Pow by the constant exponents 0, ±1, 2 and ±1/2 gives IEEE pow, signed zeros and infinities included, unfused and fused', async () => {
    // Math.pow in double precision, rounded once to float32: the independent reference.
    const bases = [-Infinity, -2, -1e-3, -0, 0, 1e-40, 1e-3, 0.1, 0.5, 1, 2.5, 1e30, Infinity, Number.NaN];
    for (const exponent of [0, 1, -1, 2, 0.5, -0.5]) {
      // 14 elements take the direct kernel, 14 × 2,048 the fused evaluator (16,384 and more).
      for (const repeat of [1, 2048]) {
        const values = Float32Array.from({ length: bases.length * repeat }, (_, i) => bases[i % bases.length] as number);
        const [out] = await runOn('native', [{ shape: [values.length], values, dtype: 'float32' }], (x) => tf.pow(x as tf.Tensor, tf.scalar(exponent)));
        for (let i = 0; i < bases.length; i++) {
          const expected = Math.fround(Math.pow(values[i] as number, exponent)); // of the float32 base
          const actual = (out as { values: Float32Array }).values[i] as number;
          const what = `pow(${Object.is(bases[i], -0) ? '-0' : bases[i]}, ${exponent}) over ${values.length} elements`;
          if (!Number.isFinite(expected) || expected === 0) expect(Object.is(actual, expected), `${what}: ${actual}, expected ${expected}`).toBe(true);
          else expect(Math.abs(actual - expected) / Math.abs(expected), what).toBeLessThanOrEqual(2 ** -23);
        }
      }
    }
  });

  const UNARY: [string, (x: tf.Tensor) => tf.Tensor, number, number][] = [
    ['Relu', tf.relu, -2, 2],
    ['Relu6', tf.relu6, -2, 8],
    ['Sign', tf.sign, -2, 2],
    ['Abs', tf.abs, -2, 2],
    ['Neg', tf.neg, -2, 2],
    ['Square', tf.square, -2, 2],
    ['Sqrt', tf.sqrt, 0, 4],
    ['Rsqrt', tf.rsqrt, 0.1, 4],
    ['Exp', tf.exp, -3, 3],
    ['Log', tf.log, 0.01, 4],
    ['Step', (x) => tf.step(x, 0.25), -2, 2],
    ['Elu', tf.elu, -3, 3],
    ['Sigmoid', tf.sigmoid, -6, 6],
    ['Tanh', tf.tanh, -3, 3],
    ['Reciprocal', tf.reciprocal, 0.1, 3],
    ['LeakyRelu', (x) => tf.leakyRelu(x, 0.3), -2, 2],
  ];
  for (const [name, op, lo, hi] of UNARY) {
    it(`${name} matches cpu (zeros, NaN, large sizes included) and runs natively`, async () => {
      const values = input([50000], 7, lo, hi).values as Float32Array;
      values.set([0, -0, NaN], 0);
      await expectSameAsCpu([{ shape: [50000], values, dtype: 'float32' }], (x) => op(x as tf.Tensor), 1e-5, 1e-6);
      const counts = await countsDuring([name], () => {
        tf.tidy(() => op(tf.ones([4])));
      });
      expect(counts[name]).toEqual({ native: 1, fallback: 0 });
    });
  }

  it("ReLU's gradient matches cpu (zeros and NaN included) as one native kernel", async () => {
    const values = input([4, 9, 7], 30, -2, 2).values as Float32Array;
    values.set([0, -0, NaN], 0);
    await expectSameAsCpu([{ shape: [4, 9, 7], values, dtype: 'float32' }, input([4, 9, 7], 31)], (x, up) =>
      tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.relu(p), up as tf.Tensor)))(x as tf.Tensor),
    );
    const counts = await countsDuring([RELU_GRAD, 'Step'], () => {
      tf.tidy(() => tf.grad((p: tf.Tensor) => tf.sum(tf.relu(p)))(tf.ones([5])));
    });
    expect(counts).toEqual({ [RELU_GRAD]: { native: 1, fallback: 0 }, Step: { native: 0, fallback: 0 } });
  });

  it('Select (where) and Cast match cpu', async () => {
    await expectSameAsCpu([input([3, 50, 7], 1), input([3, 50, 7], 2), input([3, 50, 7], 3)], (c, a, b) =>
      tf.where(tf.greater(c as tf.Tensor, 0), a as tf.Tensor, b as tf.Tensor),
    );
    await expectSameAsCpu([input([6, 5], 4, -2, 2)], (x) => {
      const asBool = tf.cast(tf.round(x as tf.Tensor), 'bool');
      return [tf.cast(asBool, 'float32'), tf.cast(tf.cast(tf.round(x as tf.Tensor), 'int32'), 'float32')];
    });
  });

  it('falls back to cpu for int32 arithmetic, with cpu results', async () => {
    const ints = { shape: [4, 3], values: Int32Array.from([1, -2, 3, 4, 5, -6, 7, 8, 9, 10, -11, 12]), dtype: 'int32' as const };
    await expectSameAsCpu([ints, ints], (a, b) => tf.cast(tf.add(a as tf.Tensor, b as tf.Tensor), 'float32'));
    const counts = await countsDuring(['Add', 'Abs'], () => {
      tf.tidy(() => [tf.add(tf.ones([3], 'int32'), tf.ones([3], 'int32')), tf.abs(tf.ones([3], 'int32'))]);
    });
    expect(counts).toEqual({ Add: { native: 0, fallback: 1 }, Abs: { native: 0, fallback: 1 } });
  });
});
