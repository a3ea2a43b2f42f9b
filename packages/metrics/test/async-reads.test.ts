import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { QuantDense } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import {
  binarizedKernels,
  estimatingError,
  estimatingErrorAsync,
  estimatingErrorPerLayer,
  estimatingErrorPerLayerAsync,
  FlipRatioTracker,
  gradientInstability,
  gradientInstabilityAsync,
  gradientInstabilityPerLayer,
  gradientInstabilityPerLayerAsync,
  TopKAccumulator,
  topKCorrect,
  topKCorrectAsync,
} from '../src/index.js';
import { ClipSign } from './fixtures/estimators.js';

// The asynchronous forms serve backends without synchronous reads (WebGPU in Node); on cpu they
// must give what the synchronous forms give, and free every tensor they make.

describe('asynchronous reads', () => {
  const weights = [tf.randomNormal([3, 3, 2, 4], 0, 0.5, 'float32', 1), tf.randomNormal([16, 5], 0, 0.5, 'float32', 2)];

  it('topKCorrectAsync counts as topKCorrect for every k, with one-hot and index labels', async () => {
    const logits = tf.randomNormal([40, 7], 0, 1, 'float32', 3);
    const labels = tf.tensor1d(Array.from({ length: 40 }, (_, i) => (i * 5) % 7), 'int32');
    const oneHot = tf.oneHot(labels, 7);
    const before = tf.memory().numTensors;
    const ks = [1, 2, 5, 7];
    expect(await topKCorrectAsync(logits, labels, ks)).toEqual(ks.map((k) => topKCorrect(logits, labels, k)));
    expect(await topKCorrectAsync(logits, oneHot, ks)).toEqual(ks.map((k) => topKCorrect(logits, labels, k)));
    expect(tf.memory().numTensors).toBe(before);
    await expect(topKCorrectAsync(logits, labels, [8])).rejects.toThrow(/k = 8 must be an integer in 1..7/);
    await expect(topKCorrectAsync(logits, tf.tensor1d([9, ...new Array(39).fill(0)], 'int32'), [1])).rejects.toThrow(/labels\[0\] = 9/);
    tf.dispose([logits, labels, oneHot]);
  });

  it('TopKAccumulator.updateAsync accumulates as update', async () => {
    const sync = new TopKAccumulator([1, 3]);
    const async_ = new TopKAccumulator([1, 3]);
    for (let b = 0; b < 3; b++) {
      const logits = tf.randomNormal([10, 5], 0, 1, 'float32', 10 + b);
      const labels = tf.tensor1d(Array.from({ length: 10 }, (_, i) => (i + b) % 5), 'int32');
      sync.update(logits, labels);
      await async_.updateAsync(logits, labels);
      tf.dispose([logits, labels]);
    }
    expect(async_.result()).toEqual(sync.result());
    expect(async_.result().samples).toBe(30);
  });

  it('the indicators read asynchronously equal the synchronous ones', async () => {
    const before = tf.memory().numTensors;
    expect(await estimatingErrorPerLayerAsync(weights, 3)).toEqual(estimatingErrorPerLayer(weights, 3));
    expect(await estimatingErrorAsync(weights, 2)).toBe(estimatingError(weights, 2));
    expect(await gradientInstabilityPerLayerAsync(weights)).toEqual(gradientInstabilityPerLayer(weights));
    expect(await gradientInstabilityAsync(weights)).toBe(gradientInstability(weights));
    expect(tf.memory().numTensors).toBe(before);
    await expect(gradientInstabilityPerLayerAsync([tf.scalar(1)])).rejects.toThrow(/at least 2/);
  });

  it('FlipRatioTracker.measureAsync measures as measure', async () => {
    const sign = new ClipSign({ clip: 1 });
    const input = tfl.input({ shape: [6] });
    const output = new QuantDense({ name: 'b', units: 4, kernelEstimator: sign, kernelInitializer: tfl.initializers.randomNormal({ seed: 4 }) }).apply(input);
    const model = tfl.model({ inputs: input, outputs: output as tfl.SymbolicTensor });
    const [kernel] = binarizedKernels(model);
    if (kernel === undefined) throw new Error('the model has a binarised kernel');
    const trackers = [new FlipRatioTracker(model), new FlipRatioTracker(model)] as const;
    const before = tf.memory().numTensors;
    // Flip the signs of columns 0 and 2.
    const flipped = tf.tidy(() => tf.mul(kernel.variable.read(), tf.tensor1d([-1, 1, -1, 1])));
    kernel.variable.write(flipped);
    flipped.dispose();
    const expected = trackers[0].measure();
    expect(await trackers[1].measureAsync()).toEqual(expected);
    expect(expected.total).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(trackers[1].mean()).toBe(trackers[0].mean());
    for (const t of trackers) t.dispose();
    await expect(trackers[1].measureAsync()).rejects.toThrow(/call snapshot\(\) first/);
    model.dispose();
  });
});
