import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installationOf, INSTALLED_BUILD_COMMAND, loadFailureReason } from '../src/addon-advice.js';
import { BUILD_COMMAND, findAddon, loadAddon } from '../src/addon.js';
import { isNativeAvailable, nativeKernelCounts, nativeUnavailableReason } from '../src/index.js';
import { nativeReady } from './helpers.js';

describe('availability', () => {
  it('reports availability and its reason consistently, and registers the backend only when available', () => {
    expect(nativeUnavailableReason() === null).toBe(isNativeAvailable());
    expect(tf.findBackendFactory('native') !== null).toBe(isNativeAvailable());
  });

  it('says how to build the addon when there is none, for a clone and for an installed package', () => {
    const repository = loadAddon(null, 'repository');
    expect(repository.addon).toBeNull();
    expect(repository.reason).toBe(
      "the native addon is not built. To build it, install oneDNN 2's headers and a C++ toolchain (Debian/Ubuntu: `apt-get install libdnnl-dev g++ make python3`), then run `npm run build:native -w packages/backend-native` in the signflow repository.",
    );
    expect(BUILD_COMMAND).toBe('npm run build:native -w packages/backend-native');
    const installed = loadAddon(null, 'installed');
    expect(installed.reason).toContain(`@signflow/backend-native has no prebuilt addon for ${process.platform}-${process.arch} (it ships one for linux-x64 with glibc)`);
    expect(installed.reason).toContain('then run `npm explore @signflow/backend-native -- npm run build:native`.');
    expect(loadAddon('/nonexistent/signflow_native.node', 'repository').reason).toContain('(/nonexistent/signflow_native.node is missing)');
  });

  it('says the addon failed to load, and how to rebuild it, when the file is not a loadable addon', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'signflow-native-')), 'broken.node');
    writeFileSync(path, 'not a shared object');
    const state = loadAddon(path, 'installed');
    expect(state.addon).toBeNull();
    expect(state.reason).toMatch(/^the native addon failed to load \(.+\)\. To rebuild it, install oneDNN 2's headers/);
    expect(state.reason).toContain(INSTALLED_BUILD_COMMAND);
  });

  it('names the missing library and its Debian/Ubuntu package, or the too-old C runtime', () => {
    const noDnnl = loadFailureReason('installed', '/x/prebuilds/linux-x64/a.glibc.node: libdnnl.so.2: cannot open shared object file: No such file or directory');
    expect(noDnnl).toMatch(/^the native addon needs oneDNN 2's runtime library libdnnl\.so\.2, which is not installed: install it \(Debian\/Ubuntu: `apt-get install libdnnl2`\), then run again\./);
    expect(loadFailureReason('installed', 'libgomp.so.1: cannot open shared object file')).toContain('`apt-get install libgomp1`');
    expect(loadFailureReason('installed', 'libfoo.so.7: cannot open shared object file')).toContain('install the package that provides libfoo.so.7');
    expect(loadFailureReason('repository', "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.32' not found (required by a.node)")).toMatch(
      /built against a newer C or C\+\+ runtime than this system has \(GLIBC_2\.32 not found\)\. To build it for this system, .*`npm run build:native -w packages\/backend-native`/,
    );
  });

  it('finds a local build before the prebuilt binary, and the prebuilt one alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signflow-native-find-'));
    expect(findAddon(dir)).toBeNull();
    const prebuilt = join(dir, 'prebuilds', `${process.platform}-${process.arch}`, '@signflow+backend-native.glibc.node');
    mkdirSync(dirname(prebuilt), { recursive: true });
    writeFileSync(prebuilt, '');
    expect(findAddon(dir)).toBe(process.platform === 'linux' ? prebuilt : null);
    const local = join(dir, 'build', 'Release', 'signflow_native.node');
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, '');
    expect(findAddon(dir)).toBe(local);
  });

  it('tells a clone from an installed package by its path', () => {
    expect(installationOf('/home/u/signflow/packages/backend-native')).toBe('repository');
    expect(installationOf('/home/u/app/node_modules/@signflow/backend-native')).toBe('installed');
    expect(installationOf('/usr/lib/node_modules/@signflow/backend-native')).toBe('installed');
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
