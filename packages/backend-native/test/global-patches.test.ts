/**
 * The native backend's changes to tfjs's global state (`src/global-patches.ts`) are installed
 * while `native` is active and removed, restoring tfjs's own objects, when another backend is set:
 * `native` → `cpu` → `native` gives tfjs's own behaviour on `cpu`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { NativeBackend } from '../src/backend.js';
import { globalPatchesInstalled } from '../src/global-patches.js';
import { FUSED_BATCH_NORM_GRAD } from '../src/kernels/batch-norm-support.js';
import { RELU_GRAD } from '../src/opcodes.js';
import { expectClose, input, nativeReady } from './helpers.js';

const OVERRIDDEN = [tf.FusedBatchNorm, tf.Relu, tf.Mean, tf.Square, tf.Sub] as const;

// Recorded before `native` is ever set (the workspace's vitest setup sets `cpu`).
const backendAtStart = tf.engine().backendName;
const installedAtStart = globalPatchesInstalled();
const gradientsAtStart = tf.engine().gradients;
const gradConfigsAtStart = new Map(OVERRIDDEN.map((name) => [name, tf.getGradient(name)]));

const INPUTS = [input([2, 6, 6, 3], 1), input([3, 3, 3, 4], 2), input([4], 3, 0.5, 1.5), input([4], 4)];

/** Gradients of conv → batch norm on batch moments → relu → mean, for x, filter, scale and offset. */
function step(backend: 'cpu' | 'native'): Float32Array[] {
  expect(tf.getBackend()).toBe(backend);
  return tf.tidy(() => {
    const xs = INPUTS.map((i) => tf.tensor(i.values, i.shape));
    const f = (x: tf.Tensor, filter: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor => {
      const h = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same');
      const { mean, variance } = tf.moments(h, [0, 1, 2]);
      return tf.mean(tf.relu(tf.batchNorm(h, mean, variance, offset as tf.Tensor1D, scale as tf.Tensor1D, 1e-3)));
    };
    return tf.grads(f)(xs).map((g) => Float32Array.from(g.dataSync()));
  });
}

function nativeRuns(kernelName: string): number {
  return (tf.backend() as NativeBackend).counts.get(kernelName)?.native ?? 0;
}

function expectTfjsOriginals(): void {
  expect(globalPatchesInstalled()).toBe(false);
  expect(tf.engine().gradients).toBe(gradientsAtStart);
  for (const name of OVERRIDDEN) {
    const original = gradConfigsAtStart.get(name);
    expect(tf.getGradient(name), name).toBe(original);
    expect(tf.getGradient(name)?.gradFunc, name).toBe(original?.gradFunc);
  }
}

function expectPatched(): void {
  expect(globalPatchesInstalled()).toBe(true);
  expect(tf.engine().gradients).not.toBe(gradientsAtStart);
  for (const name of OVERRIDDEN) expect(tf.getGradient(name)?.gradFunc, name).not.toBe(gradConfigsAtStart.get(name)?.gradFunc);
}

function expectSame(actual: readonly Float32Array[], expected: readonly Float32Array[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expectClose(a, expected[i] as Float32Array, 0, 1e-5));
}

describe.runIf(nativeReady)('the native backend’s global patches', () => {
  let cpuBefore: Float32Array[] = [];

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('are absent before native is set, and tfjs registered every overridden gradient', async () => {
    expect(backendAtStart).not.toBe('native');
    expect(installedAtStart).toBe(false);
    for (const name of OVERRIDDEN) expect(gradConfigsAtStart.get(name), name).toBeDefined();
    await tf.setBackend('cpu');
    expectTfjsOriginals();
    cpuBefore = step('cpu');
    expectTfjsOriginals();
  });

  it('are installed when native is set, and the overrides run', async () => {
    await tf.setBackend('native');
    expectPatched();
    const fusedGrad = nativeRuns(FUSED_BATCH_NORM_GRAD);
    const reluGrad = nativeRuns(RELU_GRAD);
    expectSame(step('native'), cpuBefore);
    expect(nativeRuns(FUSED_BATCH_NORM_GRAD)).toBeGreaterThan(fusedGrad);
    expect(nativeRuns(RELU_GRAD)).toBeGreaterThan(reluGrad);
  });

  it('are removed when cpu is set: tfjs’s own objects and exactly the same gradients as before', async () => {
    await tf.setBackend('cpu');
    expectTfjsOriginals();
    const cpuAfter = step('cpu');
    cpuAfter.forEach((g, i) => expect(g).toEqual(cpuBefore[i]));
    expectTfjsOriginals();
  });

  it('are installed again when native is set again', async () => {
    await tf.setBackend('native');
    expectPatched();
    expectSame(step('native'), cpuBefore);
  });

  it('wrap a gradient tfjs registers again while native is active, and restore that one', async () => {
    await tf.setBackend('native');
    // What importing tfjs-layers after native was set does: tfjs's gradient replaces the override.
    const relu = gradConfigsAtStart.get(tf.Relu) as tf.GradConfig;
    tf.registerGradient(relu);
    expect(tf.getGradient(tf.Relu)).toBe(relu);
    // The native batch-norm and channel-mean kernels re-check the overrides on every run.
    expectSame(step('native'), cpuBefore);
    expect(tf.getGradient(tf.Relu)?.gradFunc).not.toBe(relu.gradFunc);
    await tf.setBackend('cpu');
    expectTfjsOriginals();
  });
});
