import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cifar10Folder, defaultDataDir } from './data-dir.js';

describe('defaultDataDir', () => {
  it('prefers $SIGNFLOW_DATA, resolved to an absolute path', () => {
    expect(defaultDataDir({ SIGNFLOW_DATA: 'rel/data', XDG_CACHE_HOME: '/x' })).toBe(resolve('rel/data'));
  });

  it.skipIf(process.platform === 'darwin' || process.platform === 'win32')('uses the XDG cache folder on Linux', () => {
    expect(defaultDataDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/signflow');
    expect(defaultDataDir({})).toBe(join(homedir(), '.cache', 'signflow'));
    expect(cifar10Folder('/d')).toBe('/d/cifar10');
  });
});
