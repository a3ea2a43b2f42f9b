import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NativeAddon } from '../src/addon.js';
import type { NativeBackend } from '../src/backend.js';
import { expectClose, input, nativeReady, runOn } from './helpers.js';

describe.skipIf(!nativeReady)('a native kernel whose addon call throws', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('warns once, falls back to cpu with cpu results, and disposes the outputs it had allocated', async () => {
    const inputs = [input([2, 6, 6, 3], 1), input([3, 3, 3, 4], 2)];
    const conv = (x: tf.Tensor, w: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
    const expected = await runOn('cpu', inputs, (x, w) => conv(x as tf.Tensor, w as tf.Tensor));

    await tf.setBackend('native');
    const backend = tf.backend() as NativeBackend;
    const real = backend.addon;
    const failing: NativeAddon = {
      ...real,
      conv2d: () => {
        throw new Error('simulated oneDNN failure');
      },
    };
    Object.defineProperty(backend, 'addon', { value: failing, configurable: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const before = { ...(backend.counts.get('Conv2D') ?? { native: 0, fallback: 0 }) };
      const tensorsBefore = tf.memory().numTensors;
      const dataBefore = backend.numDataIds();
      const results = [0, 1].map(() =>
        tf.tidy(() => {
          const [x, w] = inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype)) as [tf.Tensor, tf.Tensor];
          return Float32Array.from(conv(x, w).dataSync());
        }),
      );
      for (const values of results) expectClose(values, (expected[0] as { values: Float32Array }).values);
      const after = backend.counts.get('Conv2D') ?? { native: 0, fallback: 0 };
      expect(after.fallback - before.fallback).toBe(2);
      expect(after.native - before.native).toBe(0);
      const ours = warn.mock.calls.filter((call) => String(call[0]).startsWith('signflow native backend'));
      expect(ours).toHaveLength(1);
      expect(String(ours[0]?.[0])).toContain('Conv2D failed in the addon (simulated oneDNN failure)');
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(backend.numDataIds()).toBe(dataBefore);
    } finally {
      Object.defineProperty(backend, 'addon', { value: real, configurable: true });
      await tf.setBackend('cpu');
    }
  });
});
