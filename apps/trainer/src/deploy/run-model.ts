import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, type Normalization } from '@signflow/data';
import { UsageError } from '../errors.js';
import { registerFirstPartyPlugins } from '../plugins/first-party.js';
import { loadPluginPackage } from '../plugins/load-plugin-package.js';
import { bestModelDir } from '../run/best-model.js';
import { intactCheckpointDir } from '../run/checkpoint.js';
import { modelFolder } from '../run/model-files.js';
import { readSavedSettings, savedRunConfig } from '../run/run-dir.js';
import type { RunConfig } from '../config/schema.js';

/** Which weights of a run: the best epoch's (`best/`) or the latest checkpoint's. */
export type Which = 'best' | 'last';

/** A run's model loaded with signflow's layers, and what describes it. */
export interface RunModel {
  readonly model: LayersModel;
  readonly config: RunConfig;
  readonly which: Which;
  /** The folder the weights came from. */
  readonly dir: string;
  /** The epoch of `best/`, when known. */
  readonly epoch?: number;
}

/** Whether `path` is a run directory written by `signflow train`. */
export function isRunDir(path: string): boolean {
  return existsSync(join(path, 'config.json')) && (existsSync(join(path, 'checkpoints')) || existsSync(join(path, 'best')));
}

/** The folder holding a run's `which` weights. */
function weightsDir(runDir: string, which: Which): string {
  if (which === 'best') {
    const dir = bestModelDir(runDir);
    if (dir === null) throw new UsageError(`${runDir} has no best/ model (no epoch finished, or the run predates best/); use --which last.`);
    return dir;
  }
  const dir = intactCheckpointDir(runDir);
  if (dir === null) throw new UsageError(`${runDir} has no intact checkpoint (none finished, or they are damaged); use --which best.`);
  return dir;
}

/**
 * Loads a run's model: registers the estimator plugins (the first-party ones and the run's
 * `plugins`) so that signflow's layers deserialise, then reads `best/` or the latest checkpoint.
 */
export async function loadRunModel(runDir: string, which: Which): Promise<RunModel> {
  registerFirstPartyPlugins();
  const saved = readSavedSettings(runDir);
  for (const name of Array.isArray(saved.plugins) ? saved.plugins : []) await loadPluginPackage(name);
  const config = savedRunConfig(runDir, saved);
  const dir = weightsDir(runDir, which);
  let model: LayersModel;
  try {
    model = await loadLayersModel(modelFolder(dir));
  } catch (error) {
    throw new UsageError(`Cannot load the model in ${dir}: ${(error as Error).message}.`);
  }
  let epoch: number | undefined;
  if (which === 'best' && existsSync(join(dir, 'best.json'))) epoch = (JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')) as { epoch: number }).epoch;
  return { model, config, which, dir, ...(epoch === undefined ? {} : { epoch }) };
}

/** Class names and normalisation of the run's dataset, or undefined when it cannot be loaded here. */
export async function datasetInfo(dataset: string): Promise<{ classes: string[]; normalization: Normalization } | undefined> {
  try {
    const data = await loadDataset(dataset);
    return { classes: [...data.classNames], normalization: data.normalization };
  } catch {
    return undefined;
  }
}

/** What an export of a run says besides the network: class names, normalisation and where it comes from. */
export interface RunExportMetadata {
  readonly classes?: string[];
  readonly preprocessing?: { readonly dataset: string; readonly mean: number[]; readonly std: number[] };
  readonly source: Record<string, unknown>;
}

/**
 * The metadata an export of `run` (loaded from `runDir`) carries. Class names and normalisation
 * come from the run's dataset, and are absent when it cannot be read here.
 */
export async function runExportMetadata(run: RunModel, runDir: string): Promise<RunExportMetadata> {
  const info = await datasetInfo(run.config.dataset);
  const source = { runDir, which: run.which, ...(run.epoch === undefined ? {} : { epoch: run.epoch }), backbone: run.config.backbone, estimator: run.config.estimator, bits: run.config.bits, dataset: run.config.dataset };
  if (info === undefined) return { source };
  return { classes: info.classes, preprocessing: { dataset: run.config.dataset, mean: [...info.normalization.mean], std: [...info.normalization.std] }, source };
}

/** The number of tensors now, to check that a command leaves none behind. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}
