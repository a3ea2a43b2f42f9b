import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { countsDuring, expectSameAsCpu, input, nativeReady } from './helpers.js';

describe.skipIf(!nativeReady)('matrix multiplication kernels', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['2-D', [5, 7], [7, 3], false, false],
    ['2-D, both transposed', [7, 5], [3, 7], true, true],
    ['batched, a transposed', [4, 7, 5], [4, 7, 3], true, false],
    ['rank 4 batch', [2, 3, 5, 7], [2, 3, 7, 2], false, false],
  ];
  for (const [name, aShape, bShape, ta, tb] of cases) {
    it(`BatchMatMul and its gradients match cpu: ${name}`, async () => {
      await expectSameAsCpu([input(aShape, 1), input(bShape, 2)], (a, b) => {
        const f = (p: tf.Tensor, q: tf.Tensor): tf.Tensor => tf.matMul(p, q, ta, tb);
        const y = f(a as tf.Tensor, b as tf.Tensor);
        const upstream = tf.randomUniform(y.shape, -1, 1, 'float32', 3);
        return [y, ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(f(p, q), upstream)))([a as tf.Tensor, b as tf.Tensor])];
      });
    });
  }

  // tfjs's BatchMatMul gradient does not support batch broadcasting, so these are forward only.
  it('BatchMatMul with a broadcast batch matches cpu', async () => {
    await expectSameAsCpu([input([4, 5, 7], 9), input([7, 3], 10)], (a, b) => tf.matMul(a as tf.Tensor, b as tf.Tensor));
    await expectSameAsCpu([input([1, 5, 7], 11), input([3, 3, 7], 12)], (a, b) => tf.matMul(a as tf.Tensor, b as tf.Tensor, false, true));
  });

  it('_FusedMatMul with bias and each fusable activation matches cpu', async () => {
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
      await expectSameAsCpu([input([6, 4], 4, -3, 3), input([4, 5], 5), input([5], 6)], (a, b, bias) =>
        tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias, activation, leakyreluAlpha: 0.3 }),
      );
    }
    const counts = await countsDuring(['_FusedMatMul'], () => {
      tf.tidy(() => tf.fused.matMul({ a: tf.ones([2, 3]), b: tf.ones([3, 4]), bias: tf.ones([4]), activation: 'relu' }));
    });
    expect(counts['_FusedMatMul']).toEqual({ native: 1, fallback: 0 });
  });

  it('falls back to cpu for a two-sided batch broadcast and for int32, with cpu results', async () => {
    await expectSameAsCpu([input([2, 1, 3, 4], 7), input([1, 3, 4, 2], 8)], (a, b) => tf.matMul(a as tf.Tensor, b as tf.Tensor));
    const counts = await countsDuring(['BatchMatMul'], () => {
      tf.tidy(() => tf.matMul(tf.ones([2, 1, 3, 4]), tf.ones([1, 3, 4, 2])));
      tf.tidy(() => tf.matMul(tf.ones([2, 3], 'int32'), tf.ones([3, 2], 'int32')));
    });
    expect(counts['BatchMatMul']).toEqual({ native: 0, fallback: 2 });
  });
});
