import * as tf from '@tensorflow/tfjs-core';
import { quantize } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createSTE } from '../src/index.js';

/** dL/dx of L = Σ quantize(ste, x) (upstream gradient 1). */
function gradientAt(xs: readonly number[], clip?: number): number[] {
  const est = createSTE(clip === undefined ? undefined : { clip });
  return tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(quantize(est, x)))(tf.tensor1d([...xs])).dataSync()));
}

describe('STE against docs/method.md (§5.1, §10.8)', () => {
  it('passes the gradient on [−1, 1], boundaries included', () => {
    expect(gradientAt([-1, -0.5, 0, 0.5, 1])).toEqual([1, 1, 1, 1, 1]);
  });

  it('blocks the gradient beyond |x| = 1', () => {
    expect(gradientAt([-2, -1.5, 1.5, 2])).toEqual([0, 0, 0, 0]);
  });

  it('with clip 1.5 equals ReSTE at o = 1 (docs/method.md §2.2: γ = 1 on |x| <= 1.5)', () => {
    expect(gradientAt([-1.5001, -1.5, 0, 1.5, 1.5001], 1.5)).toEqual([0, 1, 1, 1, 0]);
  });

  it('multiplies the upstream gradient', () => {
    const est = createSTE();
    const g = tf.tidy(() => Array.from(est.pseudoGrad(tf.tensor1d([0.2, -3, -1]), tf.tensor1d([0.5, 7, -2])).dataSync()));
    expect(g).toEqual([0.5, 0, -2]);
  });

  it('forwards exactly ±1 with sign(0) = +1, and its surrogate is hardtanh', () => {
    const est = createSTE();
    const xs = tf.tensor1d([-2, -0.5, 0, 0.5, 2]);
    expect(Array.from(est.forward(xs).dataSync())).toEqual([-1, -1, 1, 1, 1]);
    expect(Array.from(est.surrogate(xs).dataSync())).toEqual([-1, -0.5, 0, 0.5, 1]);
    xs.dispose();
  });
});
