import type { LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@signflow/metrics';
import { modelFolder } from './model-files.js';

/** The folder of a run's best model (model.json + weights.bin, as a checkpoint's model files). */
export const BEST_DIR = 'best';
const NEXT = '.best-next';
const PREVIOUS = '.best-previous';

/** What `best/best.json` records. */
export interface BestInfo {
  readonly epoch: number;
  readonly top1: number;
  readonly top5: number;
}

/**
 * Saves `model` as the run's best model, atomically: the files go to a new folder, which replaces
 * `best/` by two renames (the old folder is kept as `.best-previous` between them, and
 * {@link bestModelDir} falls back to it, so a reader always finds a complete best model).
 */
export async function saveBestModel(runDir: string, model: LayersModel, info: BestInfo): Promise<void> {
  const next = join(runDir, NEXT);
  const best = join(runDir, BEST_DIR);
  const previous = join(runDir, PREVIOUS);
  rmSync(next, { recursive: true, force: true });
  await model.save(modelFolder(next));
  writeFileAtomicSync(join(next, 'best.json'), JSON.stringify(info, null, 2) + '\n');
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(best)) renameSync(best, previous);
  renameSync(next, best);
  rmSync(previous, { recursive: true, force: true });
}

/** The folder holding the run's best model, or null when it has none. */
export function bestModelDir(runDir: string): string | null {
  for (const name of [BEST_DIR, PREVIOUS]) {
    const dir = join(runDir, name);
    if (existsSync(join(dir, 'model.json')) && existsSync(join(dir, 'weights.bin'))) return dir;
  }
  return null;
}
