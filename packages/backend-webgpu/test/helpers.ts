/**
 * Shared test helpers: the same seeded computation on `cpu` and `webgpu`, compared element-wise.
 * Without an adapter the WebGPU suites are skipped with the reason printed, except under CI
 * (`CI` set), where a missing adapter fails the run: CI provides one (Mesa's lavapipe).
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself; tfjs-layers registers all of them.
import '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { isWebGpuAvailable, webGpuErrors, webGpuUnavailableReason } from '../src/index.js';

/** Whether the WebGPU tests can run here. */
export const webGpuReady: boolean = isWebGpuAvailable();
if (!webGpuReady && process.env['CI'] === undefined) console.warn(`Skipping the WebGPU backend tests: ${webGpuUnavailableReason()}`);

/** Under CI, a test that fails with the reason no adapter was found (so the run cannot pass without one). */
export function requireAdapterInCi(): void {
  if (!webGpuReady && process.env['CI'] !== undefined) {
    it('has a WebGPU adapter (CI installs Mesa lavapipe)', () => {
      expect.fail(`no WebGPU backend: ${webGpuUnavailableReason()}`);
    });
  }
}

/** Deterministic uniform values in [lo, hi) (mulberry32). */
export function randomArray(size: number, seed: number, lo = -1, hi = 1): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** A seeded input tensor description. */
export interface Input {
  readonly shape: number[];
  readonly values: Float32Array | Int32Array;
  readonly dtype: 'float32' | 'int32';
}

/** Random float32 input of `shape`. */
export function input(shape: number[], seed: number, lo = -1, hi = 1): Input {
  const size = shape.reduce((p, d) => p * d, 1);
  return { shape, values: randomArray(size, seed, lo, hi), dtype: 'float32' };
}

/** The results of `fn` on `backend` as plain arrays (read asynchronously), with every tensor it made disposed. */
export async function runOn(
  backend: 'cpu' | 'webgpu',
  inputs: readonly Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  try {
    const outs = tf.tidy(() => {
      const xs = inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype));
      const out = fn(...xs);
      return Array.isArray(out) ? out : [out];
    });
    try {
      return await Promise.all(outs.map(async (t) => ({ shape: t.shape, values: Float32Array.from(await t.data()) })));
    } finally {
      tf.dispose(outs);
    }
  } finally {
    await tf.setBackend('cpu');
  }
}

/** Asserts |a - e| <= atol + rtol * max|e| element-wise, with the first mismatch in the message. */
export function expectClose(actual: Float32Array, expected: Float32Array, rtol = 1e-4, atol = 1e-6, label = ''): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (const v of expected) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const bound = atol + rtol * scale;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= bound;
    if (!ok) expect.fail(`${label}element ${i}: webgpu ${a}, cpu ${e} (bound ${bound})`);
  }
}

/** Runs `fn` on both backends and asserts equal shapes and close values for every output, and no device error. */
export async function expectSameAsCpu(
  inputs: readonly Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  rtol = 1e-4,
  atol = 1e-6,
): Promise<void> {
  const errorsBefore = webGpuErrors().length;
  const expected = await runOn('cpu', inputs, fn);
  const actual = await runOn('webgpu', inputs, fn);
  expect(webGpuErrors().slice(errorsBefore)).toEqual([]);
  expect(actual.length).toBe(expected.length);
  actual.forEach((out, i) => {
    const ref = expected[i] as { shape: number[]; values: Float32Array };
    expect(out.shape).toEqual(ref.shape);
    expectClose(out.values, ref.values, rtol, atol, `output ${i}: `);
  });
}
