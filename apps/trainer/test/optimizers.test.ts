import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AdamW, SgdMomentum } from '../src/train/optimizers.js';

describe('SgdMomentum', () => {
  it('follows PyTorch: g += wd·p; v = μv + g; p -= lr·v (hand-computed two steps)', () => {
    const p = tf.variable(tf.tensor1d([1, -2]), true, 'sgd-p');
    const opt = new SgdMomentum(0.1, 0.9, 0.01);
    const g = tf.tensor1d([0.5, 0.25]);
    opt.apply([p], { [p.name]: g });
    // step 1: g' = [0.5 + 0.01, 0.25 − 0.02] = [0.51, 0.23]; v = g'; p = [1 − 0.051, −2 − 0.023]
    expect(Array.from(p.dataSync())).toEqual([0.949, -2.023].map((v) => expect.closeTo(v, 6)));
    opt.apply([p], { [p.name]: g });
    // step 2: g' = [0.5 + 0.00949, 0.25 − 0.02023] = [0.50949, 0.22977]; v = 0.9·[0.51, 0.23] + g' = [0.96849, 0.43677]
    expect(Array.from(p.dataSync())).toEqual([0.949 - 0.096849, -2.023 - 0.043677].map((v) => expect.closeTo(v, 6)));
    opt.dispose();
    tf.dispose([p, g]);
  });

  it('restores its state by parameter position, so a resumed run continues exactly', () => {
    const a = tf.variable(tf.tensor1d([1, 2]), true, 'sgd-a');
    const b = tf.variable(tf.tensor1d([1, 2]), true, 'sgd-b');
    const g = tf.tensor1d([0.3, -0.1]);
    const first = new SgdMomentum(0.1, 0.9, 0);
    first.apply([a], { [a.name]: g });
    const second = new SgdMomentum(0.1, 0.9, 0);
    b.assign(a);
    second.restore(first.state([a]), [b]);
    first.apply([a], { [a.name]: g });
    second.apply([b], { [b.name]: g });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(() => second.restore({ '0/velocity': tf.zeros([3]) }, [b])).toThrow(/shape \[3\] but the parameter has \[2\]/);
    first.dispose();
    second.dispose();
    tf.dispose([a, b, g]);
  });
});

describe('AdamW', () => {
  it('applies decoupled weight decay then the bias-corrected Adam step (hand-computed)', () => {
    const p = tf.variable(tf.tensor1d([1]), true, 'adamw-p');
    const opt = new AdamW(0.01, 0.1);
    opt.apply([p], { [p.name]: tf.tensor1d([0.2]) });
    // m̂ = 0.2, v̂ = 0.04 → update = 0.2 / (0.2 + 1e-8) ≈ 1; p = 1·(1 − 0.001) − 0.01·1
    expect(p.dataSync()[0]).toBeCloseTo(0.999 - 0.01, 6);
    opt.dispose();
    p.dispose();
  });
});
