import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initializers } from '@tensorflow/tfjs-layers';
import { ClassTokenEmbedding, ClassTokenReadout, MultiHeadDotProductAttention } from '../src/index.js';

/** Reference attention for one batch element, written with plain loops. */
function referenceAttention(q: number[][], k: number[][], v: number[][], heads: number): number[][] {
  const dim = q[0].length;
  const headDim = dim / heads;
  const out = q.map(() => Array<number>(dim).fill(0));
  for (let h = 0; h < heads; h += 1) {
    const cols = Array.from({ length: headDim }, (_, j) => h * headDim + j);
    for (let i = 0; i < q.length; i += 1) {
      const scores = k.map((kr) => cols.reduce((s, c) => s + q[i][c] * kr[c], 0) / Math.sqrt(headDim));
      const top = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - top));
      const total = weights.reduce((a, b) => a + b, 0);
      for (const c of cols) out[i][c] = weights.reduce((s, w, j) => s + (w / total) * v[j][c], 0);
    }
  }
  return out;
}

describe('MultiHeadDotProductAttention', () => {
  it('equals per-head softmax(q·kᵀ/√d)·v computed by hand', () => {
    const [q, k, v] = [1, 2, 3].map((seed) => tf.randomNormal([2, 3, 4], 0, 1, 'float32', seed));
    const layer = new MultiHeadDotProductAttention({ numHeads: 2 });
    const y = layer.apply([q, k, v]) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 4]);
    const [qa, ka, va, ya] = [q, k, v, y].map((t) => t.arraySync() as number[][][]);
    for (let b = 0; b < 2; b += 1) {
      const expected = referenceAttention(qa[b], ka[b], va[b], 2);
      ya[b].forEach((row, i) => row.forEach((value, c) => expect(value).toBeCloseTo(expected[i][c], 5)));
    }
    tf.dispose([q, k, v, y]);
  });

  it('rejects a dimension that the heads do not divide', () => {
    const t = tf.zeros([1, 2, 6]);
    expect(() => new MultiHeadDotProductAttention({ numHeads: 4 }).apply([t, t, t])).toThrow(/divisible by numHeads = 4/);
    expect(() => new MultiHeadDotProductAttention({ numHeads: 0 })).toThrow(/numHeads = 0/);
    t.dispose();
  });
});

describe('class token', () => {
  it('prepends the class token and adds the position embedding; the readout takes position 0', () => {
    const embedding = new ClassTokenEmbedding({
      classTokenInitializer: initializers.constant({ value: 5 }),
      positionInitializer: initializers.constant({ value: 0.5 }),
    });
    const x = tf.tensor3d([[[1, 2], [3, 4]]]);
    const y = embedding.apply(x) as tf.Tensor;
    expect(y.arraySync()).toEqual([[[5.5, 5.5], [1.5, 2.5], [3.5, 4.5]]]);
    expect(embedding.countParams()).toBe(2 + 3 * 2);
    expect((new ClassTokenReadout().apply(y) as tf.Tensor).arraySync()).toEqual([[5.5, 5.5]]);
  });

  it('serialises its initialisers', () => {
    const config = new ClassTokenEmbedding({ positionInitializer: initializers.randomNormal({ stddev: 0.02, seed: 3 }) }).getConfig();
    expect(config['positionInitializer']).toEqual({ className: 'RandomNormal', config: { mean: 0, stddev: 0.02, seed: 3 } });
  });
});
