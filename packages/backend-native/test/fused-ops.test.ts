import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import type { NativeBackend } from '../src/backend.js';
import { compile, type Expr } from '../src/fusion.js';
import { binaryCode, unaryCode } from '../src/opcodes.js';
import { countsDuring, expectSameAsCpu, input, nativeReady, randomArray } from './helpers.js';

// Large enough to be deferred (smaller outputs are computed at once).
const SHAPE = [4, 16, 16, 16];
const SIZE = SHAPE.reduce((p, d) => p * d, 1);

/** Values in [-3, 3] with every 97th NaN, every 89th +Infinity and exact branch points. */
function awkward(seed: number): Float32Array {
  const values = randomArray(SIZE, seed, -3, 3);
  for (let i = 0; i < SIZE; i += 97) values[i] = Number.NaN;
  for (let i = 5; i < SIZE; i += 89) values[i] = Number.POSITIVE_INFINITY;
  for (let i = 7; i < SIZE; i += 53) values[i] = [0, -0, 1, -1, 0.5, -2.5, 1.5][i % 7] as number;
  return values;
}

describe.skipIf(!nativeReady)('select, clip, constants, logical ops, cos, sin and round on native', () => {
  it('give cpu’s values, NaN and infinity included, alone and in chains', async () => {
    const x = { shape: SHAPE, values: awkward(61), dtype: 'float32' as const };
    const dy = input(SHAPE, 62, -2, 2);
    await expectSameAsCpu([x, dy], (a, g) => {
      const magnitude = tf.abs(a as tf.Tensor);
      return [
        tf.where(tf.lessEqual(magnitude, 1), g as tf.Tensor, tf.zerosLike(g as tf.Tensor)),
        tf.where(tf.logicalAnd(tf.greaterEqual(a as tf.Tensor, -1), tf.lessEqual(a as tf.Tensor, 1)), tf.mul(g as tf.Tensor, 2), tf.onesLike(a as tf.Tensor)),
        tf.cast(tf.logicalOr(tf.logicalNot(tf.greater(a as tf.Tensor, 0)), tf.equal(g as tf.Tensor, 0)), 'float32'),
        tf.clipByValue(a as tf.Tensor, -1.5, 0.25),
        tf.mul(tf.round(tf.mul(tf.clipByValue(a as tf.Tensor, 0, 1), 3)), tf.fill(SHAPE, 1 / 3)),
        tf.add(tf.cos(tf.mul(a as tf.Tensor, 3)), tf.sin(a as tf.Tensor)),
        tf.pow(tf.maximum(magnitude, 0.1), tf.scalar(-0.5)),
        tf.cast(tf.cast(a as tf.Tensor, 'bool'), 'float32'),
      ];
    });
  });

  it('run natively and defer: a where over a comparison and a zerosLike makes one pass when read', async () => {
    const names = ['Abs', 'LessEqual', 'ZerosLike', 'Select', 'Fill', 'OnesLike', 'LogicalAnd', 'LogicalOr', 'LogicalNot', 'ClipByValue', 'Cos', 'Round'];
    const counts = await countsDuring(names, () => {
      const backend = tf.backend() as NativeBackend;
      const x = tf.tensor(randomArray(SIZE, 63), SHAPE);
      const dy = tf.tensor(randomArray(SIZE, 64), SHAPE);
      const fused = vi.spyOn(backend.addon, 'fused');
      const grad = tf.tidy(() => tf.where(tf.lessEqual(tf.abs(x), 0.5), dy, tf.zerosLike(dy)));
      expect(backend.isDeferred(grad)).toBe(true);
      const [xs, dys, values] = [x.dataSync(), dy.dataSync(), grad.dataSync()];
      expect(fused).toHaveBeenCalledTimes(1);
      fused.mockRestore();
      for (let i = 0; i < SIZE; i += 17) expect(values[i]).toBe(Math.abs(xs[i] as number) <= 0.5 ? dys[i] : 0);
      const others = tf.tidy(() => [
        tf.fill(SHAPE, 2),
        tf.onesLike(x),
        tf.logicalOr(tf.logicalAnd(tf.greater(x, 0), tf.less(dy, 0)), tf.logicalNot(tf.greater(x, 0))),
        tf.clipByValue(x, -0.5, 0.5),
        tf.cos(x),
        tf.round(x),
      ]);
      tf.dispose([x, dy, grad, ...others]);
    });
    for (const name of names) expect(counts[name], name).toEqual({ native: expect.any(Number), fallback: 0 });
    for (const name of names) expect(counts[name]?.native, name).toBeGreaterThan(0);
  });

  it('keeps an unread constant free of memory and leaves nothing behind', async () => {
    await tf.setBackend('native');
    try {
      const backend = tf.backend() as NativeBackend;
      const before = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
      const x = tf.tensor(randomArray(SIZE, 65), SHAPE);
      const zeros = tf.zerosLike(x);
      expect(backend.isDeferred(zeros)).toBe(true);
      const sum = tf.tidy(() => tf.sum(tf.add(zeros, 1)).dataSync()[0]);
      expect(sum).toBe(SIZE);
      tf.dispose([x, zeros]);
      expect(tf.memory().numTensors).toBe(before.tensors);
      expect(backend.numDataIds()).toBe(before.data);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('falls back to cpu for shapes it does not take: a broadcasting logical op, an int32 fill', async () => {
    const counts = await countsDuring(['LogicalAnd', 'Fill'], () => {
      tf.tidy(() => {
        tf.logicalAnd(tf.ones([3, 4], 'bool'), tf.ones([4], 'bool'));
        tf.fill([3], 2, 'int32');
      });
    });
    expect(counts).toEqual({ LogicalAnd: { native: 0, fallback: 1 }, Fill: { native: 0, fallback: 1 } });
    await expectSameAsCpu([input([3, 4], 66)], (a) =>
      tf.cast(tf.logicalAnd(tf.greater(a as tf.Tensor, 0), tf.greater(tf.slice(a as tf.Tensor, [0, 0], [1, 4]), -0.5)), 'float32'),
    );
  });
});

describe('fused programs', () => {
  const leaf = (dtype: 'float32' | 'bool'): Expr => ({ kind: 'leaf', info: { dataId: {}, shape: [4], dtype } });

  it('evaluate a subexpression that several operations share once', () => {
    const x = leaf('float32');
    const magnitude: Expr = { kind: 'unary', code: unaryCode('Abs'), alpha: 0, x };
    const small: Expr = { kind: 'binary', code: binaryCode('LessEqual'), a: magnitude, b: { kind: 'constant', value: 0.1 } };
    const scaled: Expr = { kind: 'binary', code: binaryCode('Multiply'), a: magnitude, b: small };
    const { program } = compile(scaled, [x.kind === 'leaf' ? x.info : (undefined as never)]);
    // Abs, LessEqual, Multiply: nine fields each.
    expect(program.length).toBe(3 * 9);
  });

  it('reuse a register once no later instruction reads it, and never write an operand', () => {
    const x = leaf('float32');
    const info = x.kind === 'leaf' ? x.info : (undefined as never);
    let chain: Expr = x;
    for (let i = 0; i < 20; i++) chain = { kind: 'unary', code: unaryCode('Neg'), alpha: 0, x: chain };
    const { program, registers } = compile(chain, [info]);
    expect(program.length).toBe(20 * 9);
    expect(registers).toBe(2);
    for (let k = 0; k < 20; k++) {
      const ins = program.subarray(k * 9, k * 9 + 9);
      for (const slot of [3, 5, 7]) if (ins[slot] === 0) expect(ins[slot + 1]).not.toBe(ins[2]);
    }
  });
});
