import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerPlugins, type PluginModule, type RegisteredIds } from '@signflow/core';
import { UsageError } from '../errors.js';
import { checkCoreCompatibility } from './plugin-core-version.js';

/**
 * Loads a plugin package by name (resolved from `cwd`, so packages installed in the user's
 * project are found) or by path, and registers what it exports (`plugin`, `plugins`, `backbones`)
 * in core's plugin registry. Returns the ids it registered.
 */
export async function loadPluginPackage(name: string, cwd = process.cwd()): Promise<RegisteredIds> {
  let entry: string;
  try {
    const isPath = name.startsWith('.') || name.startsWith('/');
    entry = isPath ? createRequire(join(resolve(cwd, name), 'package.json')).resolve(resolve(cwd, name)) : createRequire(join(cwd, 'noop.js')).resolve(name);
  } catch (error) {
    throw new UsageError(`Cannot find the plugin package '${name}' from ${cwd} (${firstLine(error)}). Install it (npm install ${name}) or pass its folder.`);
  }
  // Before importing it: a plugin built for another core major may fail in any way once loaded.
  checkCoreCompatibility(name, entry);
  const url = pathToFileURL(entry).href;
  let module: PluginModule;
  try {
    module = (await import(url)) as PluginModule;
  } catch (error) {
    throw new UsageError(`The plugin package '${name}' failed to load: ${firstLine(error)}.`);
  }
  try {
    return registerPlugins(module);
  } catch (error) {
    throw new UsageError(
      `The package '${name}' exports no valid plugin: it must export \`plugin\` (an estimator: an object with a string \`id\` and a \`create(config)\` function), ` +
        `\`plugins\` or \`backbones\` (see "Write your own estimator" in the docs). ${firstLine(error)}`,
    );
  }
}

/** Whether an `--estimator` value names a package rather than a registered id. */
export function looksLikePackage(value: string): boolean {
  return value.startsWith('@') || value.startsWith('.') || value.startsWith('/') || value.includes('/');
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
