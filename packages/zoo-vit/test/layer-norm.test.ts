import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { LayerNorm } from '../src/index.js';

describe('LayerNorm', () => {
  it('normalises the last axis with the biased variance (hand-computed)', () => {
    const y = new LayerNorm({ epsilon: 1e-6 }).apply(tf.tensor2d([[1, 2, 3, 4]])) as tf.Tensor;
    // mean 2.5, biased variance 1.25: (x − 2.5) / √1.25
    const s = Math.sqrt(1.25 + 1e-6);
    expect(Array.from(y.dataSync())).toEqual([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s].map((v) => expect.closeTo(v, 6)));
  });

  it("matches tfjs-layers' LayerNormalization in value and gradient", () => {
    const x = tf.randomNormal([3, 5, 8], 0, 2, 'float32', 4);
    const ours = new LayerNorm({ epsilon: 1e-6 });
    const theirs = tfl.layers.layerNormalization({ epsilon: 1e-6 });
    ours.apply(x);
    theirs.apply(x);
    const gamma = tf.randomNormal([8], 1, 0.5, 'float32', 5);
    const beta = tf.randomNormal([8], 0, 0.5, 'float32', 6);
    ours.setWeights([gamma, beta]);
    theirs.setWeights([gamma, beta]);
    const r = tf.randomNormal([3, 5, 8], 0, 1, 'float32', 7);
    const grad = (layer: tfl.layers.Layer) => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, r)))(x);
    const close = (a: tf.Tensor, b: tf.Tensor) => Array.from(a.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(b.dataSync()[i], 4));
    close(ours.apply(x) as tf.Tensor, theirs.apply(x) as tf.Tensor);
    close(grad(ours), grad(theirs));
  });
});
