import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nativeKernelCounts, nativeUnavailableReason } from '@signflow/backend-native';
import { quantize, type Estimator, type EstimatorRole } from '@signflow/core';
import { describe, expect, it } from 'vitest';
import { randomBatch, trainingStep } from '../src/workload.js';
import { ESTIMATORS, estimatorFor, zooModel } from '../src/zoo.js';
import { nativeReady } from './native.js';

/** Every estimator package, and the variants whose rules differ (both roles come from each config). */
const CONFIGS: readonly { id: string; config: Record<string, unknown> }[] = [
  { id: 'reste', config: { o: 1 } },
  { id: 'reste', config: { o: 2.3 } },
  { id: 'ste', config: {} },
  { id: 'dorefa', config: {} },
  { id: 'dorefa', config: { bits: 2 } },
  { id: 'approxsign', config: {} },
  { id: 'dsq', config: {} },
  { id: 'ede', config: { t: 1.7 } },
  { id: 'fda', config: {} },
  { id: 'rbnn', config: { t: 0.5 } },
];

/** Kernels that fell back to `cpu` while `body` ran, with their counts. */
function fallbacksDuring(body: () => void): Record<string, number> {
  const before = new Map([...nativeKernelCounts()].map(([name, c]) => [name, c.fallback]));
  body();
  const fell: Record<string, number> = {};
  for (const [name, c] of nativeKernelCounts()) if (c.fallback > (before.get(name) ?? 0)) fell[name] = c.fallback - (before.get(name) ?? 0);
  return fell;
}

/** Seeded values in [-3, 3] with every branch point of the rules above (0, ±m, ±1, ±t, ±√2/t, ...). */
function probe(shape: number[], seed: number): tf.Tensor {
  return tf.tidy(() => {
    const values = tf.randomUniform(shape, -3, 3, 'float32', seed).dataSync() as Float32Array;
    const points = [0, -0, 0.1, -0.1, 1, -1, 1.5, -1.5, 0.5, Math.SQRT2, -Math.SQRT2 / 0.5, 2, Math.PI / 2];
    for (let i = 0; i < values.length; i += 37) values[i] = Math.fround(points[(i / 37) % points.length] as number);
    return tf.tensor(values, shape);
  });
}

/** The forward value and dL/dx of `sum(quantize(estimator, x) * dy)` on `backend`, as arrays. */
async function forwardAndGradient(backend: string, make: () => Estimator, shape: number[]): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend(backend);
  try {
    const estimator = make();
    const [value, grad] = tf.tidy(() => {
      const x = probe(shape, 7);
      const dy = tf.randomNormal(shape, 0, 1, 'float32', 8);
      const f = (t: tf.Tensor): tf.Tensor => tf.sum(tf.mul(quantize(estimator, t), dy));
      return [quantize(estimator, x), tf.grad(f)(x)];
    });
    const out: [Float32Array, Float32Array] = [Float32Array.from(value.dataSync()), Float32Array.from(grad.dataSync())];
    tf.dispose([value, grad]);
    return out;
  } finally {
    await tf.setBackend('cpu');
  }
}

/** Asserts |actual − expected| <= rtol · max|expected| element by element, naming the first miss. */
function expectClose(actual: Float32Array, expected: Float32Array, rtol: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs((actual[i] as number) - (expected[i] as number)) <= rtol * scale)) {
      expect.fail(`element ${i}: native ${actual[i]}, cpu ${expected[i]} (bound ${rtol * scale})`);
    }
  }
}

describe.skipIf(!nativeReady)('every estimator on the native backend', () => {
  it('has the addon', () => {
    expect(nativeUnavailableReason()).toBeNull();
  });

  it('covers every estimator package', () => {
    expect(new Set(CONFIGS.map((c) => c.id))).toEqual(new Set(Object.keys(ESTIMATORS)));
  });

  for (const { id, config } of CONFIGS) {
    for (const role of ['weights', 'activations'] as EstimatorRole[]) {
      it(`${id} ${JSON.stringify(config)} (${role}): gives cpu's forward values and gradients within 1e-5 relative`, async () => {
        const make = (): Estimator => estimatorFor(id, role, config);
        // An activation-sized tensor (fused on native) and a weight-sized one.
        for (const shape of [[8, 16, 16, 16], [3, 3, 16, 32]]) {
          const [expectedValue, expectedGrad] = await forwardAndGradient('cpu', make, shape);
          const [value, grad] = await forwardAndGradient('native', make, shape);
          expect(value).toEqual(expectedValue);
          expectClose(grad, expectedGrad, 1e-5);
        }
      });
    }
  }

  for (const id of Object.keys(ESTIMATORS)) {
    it(`${id}: a training step of the zoo's ResNet-20 (1W/1A) runs no cpu fallback kernel and leaks no tensor`, async () => {
      await tf.setBackend('native');
      try {
        const model = zooModel('resnet20', id, '1w1a', 3);
        const batch = randomBatch(16, 5);
        const step = trainingStep(model, batch);
        step();
        const tensors = tf.memory().numTensors;
        expect(fallbacksDuring(() => step())).toEqual({});
        expect(tf.memory().numTensors).toBe(tensors);
        tf.dispose([batch.images, batch.labels]);
        model.dispose();
      } finally {
        await tf.setBackend('cpu');
      }
    });
  }
});
