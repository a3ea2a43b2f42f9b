import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { nativeReady, randomArray } from './helpers.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Runs `steps` SGD-with-momentum updates of a variable of `size` elements on native (the
 * trainer's arithmetic: v ← 0.9·v + g + 1e-4·p, p ← p − 0.01·v, read by the next step as a
 * training step reads its weights) and returns how many of the variable's past data ids the
 * garbage collector reclaimed.
 */
async function reclaimedDataIds(size: number, steps: number): Promise<number> {
  await tf.setBackend('native');
  let reclaimed = 0;
  const registry = new FinalizationRegistry(() => reclaimed++);
  const p = tf.variable(tf.tensor(randomArray(size, 71)));
  const v = tf.variable(tf.zeros([size]));
  try {
    for (let step = 0; step < steps; step++) {
      tf.tidy(() => {
        // The gradient reads the current weights in full (as a convolution reads its kernel) and
        // depends on them element by element.
        const g = tf.mul(tf.sin(p), tf.mean(p));
        const next = tf.add(tf.mul(v, 0.9), tf.add(g, tf.mul(p, 1e-4)));
        v.assign(next);
        p.assign(tf.sub(p, tf.mul(next, 0.01)));
        registry.register(p.dataId as object, step);
        registry.register(v.dataId as object, step);
      });
    }
    // Collected while the variables live on, as a training run's do.
    for (let i = 0; i < 4; i++) {
      collectGarbage();
      await new Promise((done) => setTimeout(done, 10));
    }
    return reclaimed;
  } finally {
    tf.dispose([p, v]);
    await tf.setBackend('cpu');
  }
}

describe.skipIf(!nativeReady)('what native keeps of past steps', () => {
  // Each update is deferred (fused) for the large variable and computed at once for the small
  // one; either way a value that was read must not keep the values it was computed from (nor
  // their bookkeeping) reachable, or a long training run keeps every step's.
  for (const size of [1000, 40000]) {
    it(`lets the collector reclaim the past values of a variable updated every step (${size} elements)`, async () => {
      const steps = 40;
      // All but the last few (still read by deferred values) are gone.
      expect(await reclaimedDataIds(size, steps)).toBeGreaterThanOrEqual(2 * steps - 20);
    });
  }
});
