/**
 * Shared test helpers: seeded random data, running the same computation on `cpu` and `native`,
 * and element-wise comparison. Native-only suites are skipped, with the reason printed, when the
 * addon is not built, except in CI (`CI` set), where they run and fail.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself; tfjs-layers registers all of them.
import '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import type { NativeBackend } from '../src/backend.js';
import { isNativeAvailable, nativeUnavailableReason } from '../src/index.js';

/**
 * Whether the native-only tests run: when the addon is built, and always in CI, where a missing
 * addon must fail them rather than pass unnoticed. Prints why they are skipped otherwise.
 */
export const nativeReady: boolean = isNativeAvailable() || process.env['CI'] !== undefined;
if (!nativeReady) console.warn(`Skipping the native backend tests: ${nativeUnavailableReason()}`);

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

/** A seeded random float32 tensor description. */
export interface Input {
  readonly shape: number[];
  readonly values: Float32Array | Int32Array | Uint8Array;
  readonly dtype: 'float32' | 'int32' | 'bool';
}

/** Random float32 input of `shape`. */
export function input(shape: number[], seed: number, lo = -1, hi = 1): Input {
  const size = shape.reduce((p, d) => p * d, 1);
  return { shape, values: randomArray(size, seed, lo, hi), dtype: 'float32' };
}

/** The results of `fn` on `backend`, as plain arrays, with every tensor it made disposed. */
export async function runOn(
  backend: 'cpu' | 'native',
  inputs: readonly Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const xs = inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype));
      const out = fn(...xs);
      return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, values: Float32Array.from(t.dataSync()) }));
    });
  } finally {
    await tf.setBackend('cpu');
  }
}

/** Asserts |a - e| <= atol + rtol * max|e| element-wise, with the first mismatch in the message. */
export function expectClose(actual: Float32Array, expected: Float32Array, rtol = 1e-4, atol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (const v of expected) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const bound = atol + rtol * scale;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= bound;
    if (!ok) {
      expect.fail(`element ${i}: native ${a}, cpu ${e} (bound ${bound})`);
    }
  }
}

/** Runs `fn` on both backends and asserts equal shapes and close values for every output. */
export async function expectSameAsCpu(
  inputs: readonly Input[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  rtol = 1e-4,
  atol = 1e-5,
): Promise<void> {
  const expected = await runOn('cpu', inputs, fn);
  const actual = await runOn('native', inputs, fn);
  expect(actual.length).toBe(expected.length);
  actual.forEach((out, i) => {
    const ref = expected[i] as { shape: number[]; values: Float32Array };
    expect(out.shape).toEqual(ref.shape);
    expectClose(out.values, ref.values, rtol, atol);
  });
}

/** Runs `body` on `native` and returns, per kernel name, how often it ran natively and fell back. */
export async function countsDuring(
  kernelNames: readonly string[],
  body: () => void,
): Promise<Record<string, { native: number; fallback: number }>> {
  await tf.setBackend('native');
  try {
    const backend = tf.backend() as NativeBackend;
    const snapshot = (): Record<string, { native: number; fallback: number }> =>
      Object.fromEntries(kernelNames.map((name) => [name, { ...(backend.counts.get(name) ?? { native: 0, fallback: 0 }) }]));
    const before = snapshot();
    body();
    const after = snapshot();
    return Object.fromEntries(
      kernelNames.map((name) => {
        const a = after[name] as { native: number; fallback: number };
        const b = before[name] as { native: number; fallback: number };
        return [name, { native: a.native - b.native, fallback: a.fallback - b.fallback }];
      }),
    );
  } finally {
    await tf.setBackend('cpu');
  }
}
