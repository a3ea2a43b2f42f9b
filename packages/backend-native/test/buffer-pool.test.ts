import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../src/buffer-pool.js';
import type { NativeBackend } from '../src/backend.js';
import { nativeReady } from './helpers.js';

describe('BufferPool', () => {
  it('hands a released array out again for the same length only', () => {
    const pool = new BufferPool(1 << 20, 16);
    const a = pool.acquire(32);
    pool.release(a);
    expect(pool.heldBytes).toBe(128);
    expect(pool.acquire(31)).not.toBe(a);
    expect(pool.acquire(32)).toBe(a);
    expect(pool.heldBytes).toBe(0);
  });

  it('never recycles an escaped array, a view, a foreign array or a short one', () => {
    const pool = new BufferPool(1 << 20, 16);
    const escaped = pool.acquire(32);
    pool.markEscaped(escaped);
    pool.release(escaped);
    const parent = pool.acquire(64);
    pool.release(parent.subarray(0, 32));
    pool.release(new Float32Array(32));
    const short = pool.acquire(8);
    pool.release(short);
    expect(pool.heldBytes).toBe(0);
    expect(pool.acquire(32)).not.toBe(escaped);
    expect(pool.acquire(8)).not.toBe(short);
  });

  it('holds at most its byte budget, evicting the longest-waiting arrays first', () => {
    const pool = new BufferPool(600, 16);
    const [a, b, c] = [pool.acquire(64), pool.acquire(64), pool.acquire(32)];
    pool.release(a);
    pool.release(b);
    expect(pool.heldBytes).toBe(512);
    pool.release(c);
    // a (released first) made room for c.
    expect(pool.heldBytes).toBe(384);
    expect(pool.acquire(32)).toBe(c);
    expect(pool.acquire(64)).toBe(b);
    expect(pool.acquire(64)).not.toBe(a);
  });
});

describe.skipIf(!nativeReady)('buffer reuse in the native backend', () => {
  const size = [64, 64];

  async function onNative<T>(body: (backend: NativeBackend) => T): Promise<T> {
    await tf.setBackend('native');
    try {
      return body(tf.backend() as NativeBackend);
    } finally {
      await tf.setBackend('cpu');
    }
  }

  it('reuses the array of a disposed intermediate for the next output of its size', async () => {
    await onNative((backend) => {
      const x = tf.ones(size);
      const first = tf.relu(x);
      const array = backend.valuesOf(first);
      first.dispose();
      const second = tf.relu(x);
      expect(backend.valuesOf(second)).toBe(array);
      tf.dispose([x, second]);
    });
  });

  it('never recycles an array returned by dataSync, even after its tensor is disposed', async () => {
    await onNative(() => {
      const x = tf.fill(size, 3);
      const y = tf.relu(x);
      const values = y.dataSync();
      y.dispose();
      const others = [tf.neg(x), tf.relu(tf.neg(x)), tf.exp(x)];
      expect(values.every((v) => v === 3)).toBe(true);
      tf.dispose([x, ...others]);
    });
  });

  it('keeps views made by cpu kernels valid after the viewed tensor is disposed', async () => {
    await onNative(() => {
      const x = tf.fill([4, 1024], 2);
      const parent = tf.relu(x);
      // Unstack runs the cpu kernel, which returns subarrays of its input.
      const rows = tf.unstack(parent);
      parent.dispose();
      const overwrite = [tf.neg(x), tf.neg(x)];
      expect(rows.every((row) => row.dataSync().every((v) => v === 2))).toBe(true);
      tf.dispose([x, ...rows, ...overwrite]);
    });
  });
});
