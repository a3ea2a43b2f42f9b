import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isEstimatorPlugin, TOKENS, type EstimatorPlugin, type PluginContainer } from '@signflow/core';
import { UsageError } from '../errors.js';

/** What a third-party estimator package must export. */
interface PluginModule {
  plugin?: unknown;
  register?: (container: PluginContainer) => void;
  default?: { plugin?: unknown; register?: (container: PluginContainer) => void };
}

/**
 * Loads an estimator plugin package by name (resolved from the current directory, so packages
 * installed in the user's project are found) or by path, checks that it exports a valid
 * `plugin`, and registers it in `container` through its own `register` when it has one.
 */
export async function loadPluginPackage(name: string, container: PluginContainer, cwd = process.cwd()): Promise<EstimatorPlugin> {
  let url: string;
  try {
    const isPath = name.startsWith('.') || name.startsWith('/');
    url = pathToFileURL(isPath ? createRequire(join(resolve(cwd, name), 'package.json')).resolve(resolve(cwd, name)) : createRequire(join(cwd, 'noop.js')).resolve(name)).href;
  } catch (error) {
    throw new UsageError(`Cannot find the estimator plugin package '${name}' from ${cwd} (${firstLine(error)}). Install it (npm install ${name}) or pass its folder.`);
  }
  let module: PluginModule;
  try {
    module = (await import(url)) as PluginModule;
  } catch (error) {
    throw new UsageError(`The estimator plugin package '${name}' failed to load: ${firstLine(error)}.`);
  }
  const plugin = module.plugin ?? module.default?.plugin;
  if (!isEstimatorPlugin(plugin)) {
    throw new UsageError(
      `The package '${name}' exports no valid estimator plugin: it must export \`plugin\`, an object with a string \`id\` and a \`create(config)\` function (see "Write your own estimator" in the docs).`,
    );
  }
  const register = module.register ?? module.default?.register;
  if (typeof register === 'function') register(container);
  else container.register(TOKENS.EstimatorPlugin, { useValue: plugin });
  return plugin;
}

/** Whether an `--estimator` value names a package rather than a registered id. */
export function looksLikePackage(value: string): boolean {
  return value.startsWith('@') || value.startsWith('.') || value.startsWith('/') || value.includes('/');
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
