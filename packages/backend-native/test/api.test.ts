import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BUILD_COMMAND, loadAddon } from '../src/addon.js';
import { isNativeAvailable, nativeKernelCounts, nativeUnavailableReason } from '../src/index.js';
import { nativeReady } from './helpers.js';

describe('availability', () => {
  it('reports availability and its reason consistently, and registers the backend only when available', () => {
    expect(nativeUnavailableReason() === null).toBe(isNativeAvailable());
    expect(tf.findBackendFactory('native') !== null).toBe(isNativeAvailable());
  });

  it('says what to install and which command rebuilds when the addon is missing', () => {
    const state = loadAddon('/nonexistent/signflow_native.node');
    expect(state.addon).toBeNull();
    expect(state.reason).toContain('/nonexistent/signflow_native.node is missing');
    expect(state.reason).toContain('apt-get install libdnnl-dev');
    expect(state.reason).toContain(BUILD_COMMAND);
    expect(state.reason).toContain('npm explore @signflow/backend-native -- npm run build:native');
    expect(BUILD_COMMAND).toBe('npm run build:native -w packages/backend-native');
  });

  it('says the addon failed to load, and how to fix it, when the file is not a loadable addon', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'signflow-native-')), 'broken.node');
    writeFileSync(path, 'not a shared object');
    const state = loadAddon(path);
    expect(state.addon).toBeNull();
    expect(state.reason).toMatch(/failed to load \(.+\)/);
    expect(state.reason).toContain('apt-get install libdnnl-dev');
    expect(state.reason).toContain(BUILD_COMMAND);
  });

  it.skipIf(!nativeReady)('counts native runs and cpu fallbacks per kernel', async () => {
    const before = { relu: nativeKernelCounts().get('Relu')?.native ?? 0, cumsum: nativeKernelCounts().get('Cumsum')?.fallback ?? 0 };
    await tf.setBackend('native');
    try {
      // Cumsum has no native kernel: the cpu kernel runs, and counts as a fallback.
      tf.tidy(() => tf.cumsum(tf.relu(tf.ones([3]))));
    } finally {
      await tf.setBackend('cpu');
    }
    expect(nativeKernelCounts().get('Relu')?.native).toBe(before.relu + 1);
    expect(nativeKernelCounts().get('Cumsum')?.fallback).toBe(before.cumsum + 1);
  });

  it.runIf(process.env['CI'] !== undefined)('is built in CI', () => {
    expect(nativeUnavailableReason()).toBeNull();
  });

  it.skipIf(isNativeAvailable())('reports no counts when the backend is unavailable', () => {
    expect(nativeKernelCounts().size).toBe(0);
  });
});
