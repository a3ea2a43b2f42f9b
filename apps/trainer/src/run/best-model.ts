import type { LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, makeDirectoryDurable, writeFileDurable } from '@signflow/durable';
import { manifestProblem, writeManifest } from './manifest.js';
import { MODEL_FILES, modelFolder } from './model-files.js';

/** The folder of a run's best model (model.json + weights.bin, as a checkpoint's model files). */
export const BEST_DIR = 'best';
const NEXT = '.best-next';
const PREVIOUS = '.best-previous';
const INFO_FILE = 'best.json';
const BEST_FILES = [...MODEL_FILES, INFO_FILE];

/** What `best/best.json` records. */
export interface BestInfo {
  readonly epoch: number;
  readonly top1: number;
  readonly top5: number;
}

/**
 * Saves `model` as the run's best model, atomically: the files and their manifest go to a new
 * folder, which replaces `best/` by two renames (the old folder is kept as `.best-previous`
 * between them, and {@link bestModelDir} falls back to it, so a reader always finds a complete
 * best model).
 */
export async function saveBestModel(runDir: string, model: LayersModel, info: BestInfo): Promise<void> {
  const next = join(runDir, NEXT);
  const best = join(runDir, BEST_DIR);
  const previous = join(runDir, PREVIOUS);
  rmSync(next, { recursive: true, force: true });
  makeDirectoryDurable(next);
  await model.save(modelFolder(next));
  writeFileDurable(join(next, INFO_FILE), JSON.stringify(info, null, 2) + '\n');
  writeManifest(next, BEST_FILES);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(best)) renameSync(best, previous);
  renameSync(next, best);
  fsyncDirectory(runDir);
  rmSync(previous, { recursive: true, force: true });
}

/** The folder holding the run's intact best model, or null when it has none. */
export function bestModelDir(runDir: string): string | null {
  for (const name of [BEST_DIR, PREVIOUS]) {
    const dir = join(runDir, name);
    if (existsSync(dir) && manifestProblem(dir, BEST_FILES) === null) return dir;
  }
  return null;
}

/** What the run's best model records about itself, or null when it has none. */
export function readBestInfo(runDir: string): BestInfo | null {
  const dir = bestModelDir(runDir);
  return dir === null ? null : (JSON.parse(readFileSync(join(dir, INFO_FILE), 'utf8')) as BestInfo);
}

/** Removes the run's best model (a fresh start, or a best model newer than the checkpoint resumed from). */
export function removeBestModel(runDir: string): void {
  for (const name of [BEST_DIR, NEXT, PREVIOUS]) rmSync(join(runDir, name), { recursive: true, force: true });
}
