import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { QuantConv2D } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { createReSTE } from '../src/index.js';

// docs/method.md §10.5: one layer, o = 3, W = [0.5, −0.2, 0.05, −1.0], G = dL/dŴ = [0.1, 0.2, −0.3, 0.4].
const W = [0.5, -0.2, 0.05, -1.0];
const G = [0.1, 0.2, -0.3, 0.4];
const OFFICIAL = [-0.17685, 0.285284, -0.809209, 0.258333]; // α = mean|W| in the graph
const DETACHED = [0.02315, 0.085284, -0.609209, 0.058333]; // α treated as a constant

describe('ReSTE in a QuantConv2D with a layer-mean scale (docs/method.md §10.5)', () => {
  it('gives the official dL/dW, with the gradient through α', () => {
    // A 1×1 conv over a single pixel whose 4 input channels hold G, with L = y = Σ_i G_i·Ŵ_i:
    // the upstream gradient on the scaled kernel Ŵ is exactly G.
    const layer = new QuantConv2D({ filters: 1, kernelSize: 1, kernelEstimator: createReSTE({ o: 3 }), kernelScale: 'layer-mean' });
    layer.apply(tfl.input({ shape: [1, 1, 4] }));
    layer.setWeights([tf.tensor4d(W, [1, 1, 4, 1])]);
    const kernel = layer.trainableWeights[0].read() as tf.Variable;
    const x = tf.tensor4d(G, [1, 1, 1, 4]);

    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, [kernel]);
    const got = Array.from(grads[kernel.name].dataSync());
    // L = α·Σ G·sign(W) = 0.4375·(−0.8).
    expect(value.dataSync()[0]).toBeCloseTo(-0.35, 6);
    got.forEach((g, i) => {
      expect(Math.abs(g - OFFICIAL[i]), `dL/dW[${i}] = ${g}`).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(g - DETACHED[i])).toBeGreaterThan(0.1);
    });
    tf.dispose([value, x, grads[kernel.name]]);
    layer.dispose();
  });
});
