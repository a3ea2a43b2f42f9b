import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, isProcessAlive, makeDirectoryDurable, writeFileDurable } from '@signflow/durable';
import { resolveRunConfig, type GivenSettings } from '../config/resolve-config.js';
import type { RunConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';

const CONFIG_FILE = 'config.json';

/**
 * Creates a fresh run directory under `config.out`, named after the time and the run, holding the
 * resolved config. The folder appears complete or not at all: it is written under a temporary
 * name and renamed into place, and temporary folders of runs killed while starting are removed.
 */
export function createRunDir(config: RunConfig, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = `${stamp}-${config.backbone}-${config.estimator.replace(/[^a-zA-Z0-9._-]+/g, '_')}-${config.bits.replace('/', 'w')}a`;
  makeDirectoryDurable(config.out);
  removeAbandonedStarts(config.out);
  const partial = join(config.out, `${STARTING}${process.pid}-${name}`);
  rmSync(partial, { recursive: true, force: true });
  initRunDir(partial, config);
  for (let i = 1; ; i++) {
    const dir = join(config.out, i === 1 ? name : `${name}-${i}`);
    if (existsSync(dir)) continue;
    try {
      renameSync(partial, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') continue; // another run took the name first
      throw error;
    }
    fsyncDirectory(config.out);
    return dir;
  }
}

/** The prefix of a run directory being created: `.starting-<pid>-<name>`. */
const STARTING = '.starting-';

/** Removes the folders of runs whose process died while creating them. */
function removeAbandonedStarts(out: string): void {
  for (const entry of readdirSync(out)) {
    const pid = Number(/^\.starting-(\d+)-/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) rmSync(join(out, entry), { recursive: true, force: true });
  }
}

/** Creates run directory `dir` (if needed) and writes the resolved config into it. */
export function initRunDir(dir: string, config: RunConfig): string {
  makeDirectoryDurable(dir);
  writeFileDurable(join(dir, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
  return dir;
}



/**
 * The settings saved in a run directory's config.json, unvalidated: the plugin packages they name
 * must be loaded before {@link savedRunConfig} can resolve them.
 */
export function readSavedSettings(runDir: string): GivenSettings {
  const path = join(runDir, CONFIG_FILE);
  if (!existsSync(path)) {
    throw new UsageError(`${runDir} is not a signflow run directory (no ${CONFIG_FILE}). Pass a folder created by \`signflow train\` to --resume.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message}); the run cannot be resumed.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${path} does not hold a run configuration; the run cannot be resumed.`);
  return json as GivenSettings;
}

/**
 * The run configuration of a run directory, validated as a new one would be. Settings written by
 * an older signflow (e.g. ReSTE's `oEnd` beside the schedules) are resolved as a config file's
 * would be; `backend` may be replaced.
 */
export function savedRunConfig(runDir: string, saved: GivenSettings, backend?: RunConfig['backend']): RunConfig {
  const config = resolveRunConfig(saved, { lenientSettings: true, what: join(runDir, CONFIG_FILE) });
  return backend === undefined ? config : { ...config, backend };
}

/**
 * Identifies what a checkpoint belongs to: the settings that define the model's weights and the
 * data it trains on. A checkpoint with another fingerprint cannot be resumed in this run.
 */
export function runFingerprint(config: RunConfig): string {
  const { backbone, backboneOptions, bits, estimator, estimatorConfig, dataset, limitTrain } = config;
  const text = JSON.stringify({ backbone, backboneOptions, bits, estimator, estimatorConfig, dataset, limitTrain });
  return `${backbone}/${estimator}/${bits}/${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
