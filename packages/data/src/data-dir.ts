import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The folder where fetched datasets are kept: `$SIGNFLOW_DATA` when set, otherwise `signflow` in
 * the user's cache folder (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
 * `%LOCALAPPDATA%` on Windows).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SIGNFLOW_DATA']) return resolve(env['SIGNFLOW_DATA']);
  switch (process.platform) {
    case 'darwin':
      return join(homedir(), 'Library', 'Caches', 'signflow');
    case 'win32':
      return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'signflow', 'Cache');
    default:
      return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'signflow');
  }
}

/** Where {@link fetchCifar10} puts CIFAR-10 inside a data folder. */
export function cifar10Folder(dataDir: string = defaultDataDir()): string {
  return join(dataDir, 'cifar10');
}
