/**
 * What the WebGPU tests of the app share: whether the backend is there (under CI its absence is a
 * failure, not a skip: CI provides Mesa's lavapipe), seeded models and the comparison rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers tfjs-core's gradients (tfjs-core's Node build does not).
import '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isQuantizedLayer } from '@signflow/core';
import { expect, it } from 'vitest';

// Loaded as the app loads it (an optional dependency, imported when selected).
const webgpu = await import('@signflow/backend-webgpu');

/** Whether the WebGPU tests run here. */
export const webGpuReady: boolean = webgpu.isWebGpuAvailable();
if (!webGpuReady && process.env['CI'] === undefined) console.warn(`Skipping the WebGPU tests: ${webgpu.webGpuUnavailableReason()}`);

/** Under CI, one failing test that says why no WebGPU backend could be loaded. */
export function requireAdapterInCi(): void {
  if (!webGpuReady && process.env['CI'] !== undefined) {
    it('has a WebGPU adapter (CI installs Mesa lavapipe: .ci/setup/lavapipe.sh)', () => {
      expect.fail(`no WebGPU backend: ${webgpu.webGpuUnavailableReason()}`);
    });
  }
}

/**
 * Sets every binarised kernel to ±`magnitude` with the signs it has (0 counts as +1).
 *
 * Why: a binary layer's outputs are sums of ±α (α = mean |W|). Float addition is not associative,
 * so a sum that is exactly 0 in one summation order comes out as ±1 ulp in another, and the ReLU
 * after the layer has its kink exactly there: one backend passes that output's gradient and the
 * other does not. cpu and webgpu sum in different orders, and about 5% of a ResNet-20 binary
 * convolution's outputs are such zeros, so their gradients differ by O(1) in places: a property
 * of float arithmetic, not of either backend. With every |W| a power of two, α is that power of
 * two on every backend and every partial sum is exact, so both backends compute identical binary
 * layer outputs, and what is left to compare is the backends' own arithmetic.
 */
export function setBinaryKernelsToPowerOfTwo(model: LayersModel, magnitude = 0.125): void {
  for (const layer of model.layers) {
    if (!isQuantizedLayer(layer) || layer.kernelEstimator === null) continue;
    for (const weight of layer.weights) {
      if (weight.originalName !== `${layer.name}/kernel`) continue;
      const signed = tf.tidy(() => tf.mul(tf.sub(tf.mul(tf.cast(tf.greaterEqual(weight.read(), 0), 'float32'), 2), 1), magnitude));
      weight.write(signed);
      signed.dispose();
    }
  }
}

/** The loss and the gradient of every trainable weight (by weight name) of one training step on `backend`, read asynchronously. */
export async function stepGradients(backend: 'cpu' | 'webgpu', model: LayersModel, x: tf.Tensor, labels: tf.Tensor): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
  try {
    const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      variables,
    );
    const out = new Map<string, Float32Array>([['loss', Float32Array.from(await value.data())]]);
    for (const w of model.trainableWeights) {
      const g = grads[(w as unknown as { val: tf.Variable }).val.name];
      if (g !== undefined) out.set(w.originalName, Float32Array.from(await g.data()));
    }
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  } finally {
    await tf.setBackend('cpu');
  }
}

/**
 * Asserts that `actual` (webgpu) equals `expected` (cpu) within `rtol` relative to each tensor's
 * largest magnitude, plus `atol` for tensors whose exact value is 0 (e.g. the shift of a
 * batch-norm that another batch-norm follows, whose gradient is 0 up to rounding).
 */
export function expectSameGradients(actual: Map<string, Float32Array>, expected: Map<string, Float32Array>, rtol = 1e-4, atol = 1e-6): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [name, e] of expected) {
    const a = actual.get(name) as Float32Array;
    let scale = 0;
    for (const v of e) scale = Math.max(scale, Math.abs(v));
    const bound = atol + rtol * scale;
    let worst = 0;
    let at = -1;
    for (let i = 0; i < e.length; i++) {
      const d = Math.abs((a[i] as number) - (e[i] as number));
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    if (!(worst <= bound)) expect.fail(`${name}[${at}]: webgpu ${a[at]}, cpu ${e[at]} (|difference| ${worst} > ${bound})`);
  }
}

/** How many errors the WebGPU device has reported so far. */
export function deviceErrorCount(): number {
  return webgpu.webGpuErrors().length;
}

/** Fails when the WebGPU device reported an error since `since` (a {@link deviceErrorCount}). */
export function expectNoDeviceErrors(since: number): void {
  expect(webgpu.webGpuErrors().slice(since)).toEqual([]);
}
