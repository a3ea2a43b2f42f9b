import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDirectory, makeDirectoryDurable, writeFileDurable } from '@signflow/durable';
import { DivergedError, UsageError } from '../errors.js';
import type { TrainOptimizer } from '../train/optimizers.js';
import { nonFiniteTensors } from './finite-guard.js';
import { MANIFEST_FILE, manifestProblem, writeManifest } from './manifest.js';
import { MODEL_FILES, modelFolder } from './model-files.js';
import { readTensors, TENSOR_FILES, writeTensors } from './tensor-files.js';
import { parseTrainingState, type TrainingState } from './training-state.js';

export type { EpochProgress, TrainingState } from './training-state.js';

/** Saves and restores the checkpoints of run directories. */
export interface CheckpointStore {
  /**
   * Whether `runDir` holds a finished checkpoint, intact or damaged (a run that has one is
   * resumed, never restarted; one still being written when a crash hit does not count).
   */
  has(runDir: string): boolean;
  /**
   * Saves model weights, optimiser state and training state as the run's latest checkpoint.
   * Throws {@link DivergedError}, writing nothing, when a weight or a slot is not finite.
   */
  save(runDir: string, model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<void>;
  /**
   * Loads the newest intact checkpoint of `runDir` into `model` and `optimizer` and returns its
   * training state; throws a UsageError naming what is damaged when none is intact or when it
   * belongs to another run.
   */
  load(runDir: string, model: LayersModel, optimizer: TrainOptimizer, fingerprint: string): Promise<LoadedCheckpoint>;
  /** The newest checkpoint of `runDir` (where it is, and after how many epochs), or null. */
  latest(runDir: string): { readonly where: string; readonly epoch: number } | null;
}

/** A checkpoint that was loaded, and the newer ones that were damaged and skipped. */
export interface LoadedCheckpoint {
  readonly state: TrainingState;
  /** The checkpoint's folder. */
  readonly dir: string;
  /** Newer checkpoints that could not be used, with the reason. */
  readonly skipped: readonly { readonly dir: string; readonly problem: string }[];
}

const CHECKPOINTS = 'checkpoints';
const STATE_FILE = 'state.json';
const OPTIMIZER = 'optimizer';
/** The files every checkpoint holds, all listed in its manifest. */
const CHECKPOINT_FILES = [...MODEL_FILES, ...TENSOR_FILES.map((suffix) => `${OPTIMIZER}${suffix}`), STATE_FILE];
/** Checkpoints kept: the newest and the one before, to fall back to when the newest is damaged. */
const KEEP = 2;
/** `ckpt-<sequence>-e<epoch>-s<step>`: the sequence orders checkpoints, so a name is never reused. */
const NAME = /^ckpt-(\d{6})-e(\d+)-s\d+$/;

/**
 * Checkpoints as folders of the run directory (`checkpoints/ckpt-<sequence>-e<epoch>-s<step>`),
 * each written completely before it counts: its files, then its manifest (sizes and SHA-256),
 * which marks it finished. The newest finished one is the run's latest checkpoint; the one
 * before it is kept, so a checkpoint damaged on disk falls back to it. A folder without a
 * manifest was being written when a crash hit: it is ignored and removed.
 */
export class FolderCheckpoints implements CheckpointStore {
  has(runDir: string): boolean {
    return finishedCheckpoints(runDir).length > 0 || legacyCheckpoint(runDir) !== null;
  }

  async save(runDir: string, model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<void> {
    const slots = optimizer.state(trainableVariables(model));
    try {
      const bad = nonFiniteTensors([
        ...model.weights.map((w) => ({ name: w.name, tensor: w.read() })),
        ...Object.entries(slots).map(([name, tensor]) => ({ name: `optimizer ${name}`, tensor })),
      ]);
      if (bad.length > 0) throw new DivergedError(divergedMessage(state, bad, this.latest(runDir)));
      const root = join(runDir, CHECKPOINTS);
      const existing = checkpointDirs(runDir);
      const sequence = existing.length === 0 ? 1 : Number(NAME.exec(existing[0])?.[1]) + 1;
      // Folders a crash left unfinished are not checkpoints.
      for (const name of existing.filter((n) => !isFinished(join(root, n)))) rmSync(join(root, name), { recursive: true, force: true });
      const name = `ckpt-${String(sequence).padStart(6, '0')}-e${String(state.epoch).padStart(5, '0')}-s${String(state.step).padStart(6, '0')}`;
      const dir = join(root, name);
      makeDirectoryDurable(dir);
      await model.save(modelFolder(dir));
      writeTensors(join(dir, OPTIMIZER), slots);
      writeFileDurable(join(dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
      writeManifest(dir, CHECKPOINT_FILES);
      for (const old of finishedCheckpoints(runDir).slice(KEEP)) rmSync(join(root, old), { recursive: true, force: true });
      fsyncDirectory(root);
    } finally {
      tf.dispose(slots);
    }
  }

  latest(runDir: string): { readonly where: string; readonly epoch: number } | null {
    const name = finishedCheckpoints(runDir)[0];
    return name === undefined ? null : { where: join(runDir, CHECKPOINTS, name), epoch: Number(NAME.exec(name)?.[2]) };
  }

  async load(runDir: string, model: LayersModel, optimizer: TrainOptimizer, fingerprint: string): Promise<LoadedCheckpoint> {
    const skipped: { dir: string; problem: string }[] = [];
    for (const name of finishedCheckpoints(runDir)) {
      const dir = join(runDir, CHECKPOINTS, name);
      const problem = manifestProblem(dir, CHECKPOINT_FILES);
      const parsed = problem === null ? parseTrainingState(readFileSync(join(dir, STATE_FILE), 'utf8')) : { problem };
      if ('problem' in parsed) {
        skipped.push({ dir, problem: parsed.problem });
        continue;
      }
      const { state } = parsed;
      if (state.fingerprint !== fingerprint) {
        throw new UsageError(
          `Cannot resume from ${dir}: it was written for another model or dataset (${state.fingerprint}, this run: ${fingerprint}). ` +
            'Start a new run, or resume the run directory this checkpoint belongs to.',
        );
      }
      await restore(dir, model, optimizer);
      return { state, dir, skipped };
    }
    const legacy = legacyCheckpoint(runDir);
    if (legacy !== null && skipped.length === 0) return loadLegacy(legacy, model, optimizer, fingerprint);
    const reasons = skipped.map((s) => `\n  ${s.dir}: ${s.problem}`).join('');
    throw new UsageError(`${runDir} has no intact checkpoint to resume from:${reasons}\nStart a new run (signflow train with the same settings), or restore these files from a backup.`);
  }
}

/** The newest checkpoint folder of `runDir` that is finished and matches its manifest, or null. */
export function intactCheckpointDir(runDir: string): string | null {
  const name = finishedCheckpoints(runDir).find((n) => manifestProblem(join(runDir, CHECKPOINTS, n), CHECKPOINT_FILES) === null);
  return name === undefined ? null : join(runDir, CHECKPOINTS, name);
}

/** The finished checkpoints of a run directory (those with a manifest), newest first. */
function finishedCheckpoints(runDir: string): string[] {
  return checkpointDirs(runDir).filter((name) => isFinished(join(runDir, CHECKPOINTS, name)));
}

function isFinished(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE));
}

/** The checkpoint folders of a run directory, newest first (unfinished ones included). */
function checkpointDirs(runDir: string): string[] {
  const root = join(runDir, CHECKPOINTS);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => NAME.test(name))
    .sort()
    .reverse();
}

/**
 * The checkpoint a run written by signflow 0.1 points at (`checkpoints/latest` naming a
 * `ckpt-e<epoch>-s<step>` folder, without a manifest), so that such runs still resume.
 */
function legacyCheckpoint(runDir: string): string | null {
  const pointer = join(runDir, CHECKPOINTS, 'latest');
  if (!existsSync(pointer)) return null;
  const name = readFileSync(pointer, 'utf8').trim();
  const dir = join(runDir, CHECKPOINTS, name);
  return /^ckpt-e\d+-s\d+$/.test(name) && existsSync(join(dir, STATE_FILE)) ? dir : null;
}

/** Loads a legacy checkpoint: no manifest to verify, so its files are checked by their sizes and shapes. */
async function loadLegacy(dir: string, model: LayersModel, optimizer: TrainOptimizer, fingerprint: string): Promise<LoadedCheckpoint> {
  let old: Record<string, unknown>;
  try {
    old = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`Cannot resume from ${dir}: state.json is not valid JSON (${(error as Error).message}). Start a new run.`);
  }
  const parsed = parseTrainingState(JSON.stringify({ lastTop1: null, lastTop5: null, ...old }));
  if ('problem' in parsed) throw new UsageError(`Cannot resume from ${dir}: ${parsed.problem}. Start a new run.`);
  if (parsed.state.fingerprint !== fingerprint) {
    throw new UsageError(`Cannot resume from ${dir}: it was written for another model or dataset (${parsed.state.fingerprint}, this run: ${fingerprint}).`);
  }
  await restore(dir, model, optimizer);
  return { state: parsed.state, dir, skipped: [] };
}

async function restore(dir: string, model: LayersModel, optimizer: TrainOptimizer): Promise<void> {
  const fail = (what: string): never => {
    throw new UsageError(`Cannot resume from ${dir}: ${what}. Start a new run, or resume the run directory this checkpoint belongs to.`);
  };
  const handler = modelFolder(dir);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await (handler.load as NonNullable<typeof handler.load>)();
  } catch (error) {
    return fail(`its model files are unreadable (${(error as Error).message})`);
  }
  const specs = artifacts.weightSpecs ?? [];
  const weights = model.weights;
  if (specs.length !== weights.length) return fail(`it holds ${specs.length} weight tensors but the model has ${weights.length}`);
  specs.forEach((spec, i) => {
    if (spec.shape.join('x') !== weights[i].shape.join('x')) {
      fail(`weight #${i} (${spec.name}) has shape [${spec.shape}] but the model's ${weights[i].name} has [${weights[i].shape}]`);
    }
  });
  const values = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  let optimizerState: tf.NamedTensorMap = {};
  try {
    optimizerState = readTensors(join(dir, OPTIMIZER));
    model.setWeights(specs.map((spec) => values[spec.name]));
    optimizer.restore(optimizerState, trainableVariables(model));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return fail(`its optimiser state does not fit (${(error as Error).message})`);
  } finally {
    tf.dispose(values);
    tf.dispose(optimizerState);
  }
}

function divergedMessage(state: TrainingState, bad: readonly string[], latest: { where: string; epoch: number } | null): string {
  const where = state.step > 0 ? `epoch ${state.epoch + 1}, step ${state.step}` : `the end of epoch ${state.epoch}`;
  const names = bad.slice(0, 5).join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '');
  return (
    `Training diverged: at ${where}, ${bad.length} tensor${bad.length === 1 ? '' : 's'} of the model or optimiser hold NaN or infinity (${names}). ` +
    `${keptCheckpointSentence(latest)} Lower --lr (or check the data), then start a new run.`
  );
}

/** Names the checkpoint a diverged run keeps, and its epoch, or says there is none. */
export function keptCheckpointSentence(latest: { where: string; epoch: number } | null): string {
  if (latest === null) return 'No checkpoint had been written yet, so nothing was saved.';
  return `The last finite checkpoint, ${latest.where} (after ${latest.epoch} epoch${latest.epoch === 1 ? '' : 's'}), is kept; nothing newer was written.`;
}

/** The model's trainable variables, in the model's (deterministic) order. */
export function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
