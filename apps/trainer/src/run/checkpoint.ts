import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurable } from '@signflow/durable';
import { UsageError } from '../errors.js';
import type { TrainOptimizer } from '../train/optimizers.js';
import { modelFolder } from './model-files.js';
import { readTensors, writeTensors } from './tensor-files.js';

/** Accumulators of an epoch interrupted part-way (Ctrl-C), so that its log line stays exact. */
export interface EpochProgress {
  readonly lossSum: number;
  readonly correct: number;
  readonly seen: number;
  readonly seconds: number;
}

/** Where training stands; saved with every checkpoint. */
export interface TrainingState {
  /** The epoch to run next, or the one in progress when `step > 0`. */
  readonly epoch: number;
  /** The first step of `epoch` not yet done. */
  readonly step: number;
  /** Best test top-1 so far (fraction), and its epoch (−1 before the first evaluation). */
  readonly bestTop1: number;
  readonly bestTop5: number;
  readonly bestEpoch: number;
  /** Accumulators of the interrupted epoch, present when `step > 0`. */
  readonly epochProgress?: EpochProgress;
  /** Identifies the model and data a checkpoint belongs to (see `runFingerprint`). */
  readonly fingerprint: string;
}

/** Saves and restores the checkpoints of run directories. */
export interface CheckpointStore {
  /** Whether `runDir` holds a checkpoint to resume from. */
  has(runDir: string): boolean;
  /** Saves model weights, optimiser state and training state as the run's latest checkpoint. */
  save(runDir: string, model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<void>;
  /**
   * Loads the latest checkpoint of `runDir` into `model` and `optimizer` and returns the training
   * state; throws a UsageError when it is missing, damaged or belongs to another run.
   */
  load(runDir: string, model: LayersModel, optimizer: TrainOptimizer, fingerprint: string): Promise<TrainingState>;
}

/** Checkpoints as folders in the run directory (see {@link saveCheckpoint}). */
export class FolderCheckpoints implements CheckpointStore {
  has(runDir: string): boolean {
    return hasCheckpoint(runDir);
  }

  save(runDir: string, model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<void> {
    return saveCheckpoint(runDir, model, optimizer, state);
  }

  load(runDir: string, model: LayersModel, optimizer: TrainOptimizer, fingerprint: string): Promise<TrainingState> {
    return loadCheckpoint(runDir, model, optimizer, fingerprint);
  }
}

const CHECKPOINTS = 'checkpoints';
const LATEST = 'latest';

/**
 * Saves model weights, optimiser state and training state as a new checkpoint folder, then
 * points `checkpoints/latest` at it atomically and removes older checkpoints. A run killed at any
 * moment keeps its previous checkpoint intact.
 */
export async function saveCheckpoint(runDir: string, model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<void> {
  const root = join(runDir, CHECKPOINTS);
  const name = `ckpt-e${String(state.epoch).padStart(5, '0')}-s${String(state.step).padStart(6, '0')}`;
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await model.save(modelFolder(dir));
  writeTensors(join(dir, 'optimizer'), optimizer.state(trainableVariables(model)));
  writeFileDurable(join(dir, 'state.json'), JSON.stringify(state, null, 2));
  writeFileDurable(join(root, LATEST), name);
  for (const entry of readdirSync(root)) {
    if (entry !== name && entry !== LATEST) rmSync(join(root, entry), { recursive: true, force: true });
  }
}

/** Whether `runDir` holds a checkpoint. */
export function hasCheckpoint(runDir: string): boolean {
  return existsSync(join(runDir, CHECKPOINTS, LATEST));
}

/**
 * Loads the latest checkpoint of `runDir` into `model` and `optimizer` and returns the training
 * state. Throws {@link UsageError} when the checkpoint is missing, corrupt, or belongs to another
 * model (different weights or fingerprint); the model is left untouched then.
 */
export async function loadCheckpoint(
  runDir: string,
  model: LayersModel,
  optimizer: TrainOptimizer,
  fingerprint: string,
): Promise<TrainingState> {
  const root = join(runDir, CHECKPOINTS);
  if (!hasCheckpoint(runDir)) {
    throw new UsageError(`${runDir} has no checkpoint (${join(root, LATEST)} is missing). Resume only a run directory written by \`signflow train\`.`);
  }
  const dir = join(root, readFileSync(join(root, LATEST), 'utf8').trim());
  const fail = (what: string): never => {
    throw new UsageError(`Cannot resume from ${dir}: ${what}. Start a new run, or resume the run directory this checkpoint belongs to.`);
  };
  let state: TrainingState;
  let artifacts: tf.io.ModelArtifacts;
  try {
    state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as TrainingState;
    artifacts = await loadArtifacts(dir);
  } catch (error) {
    return fail(`the checkpoint is unreadable or corrupt (${(error as Error).message})`);
  }
  if (state.fingerprint !== fingerprint) return fail(`it was written for another model or dataset (${state.fingerprint}, this run: ${fingerprint})`);
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
    optimizerState = readTensors(join(dir, 'optimizer'));
    model.setWeights(specs.map((spec) => values[spec.name]));
    optimizer.restore(optimizerState, trainableVariables(model));
  } catch (error) {
    return fail(`its optimiser state does not fit (${(error as Error).message})`);
  } finally {
    tf.dispose(values);
    tf.dispose(optimizerState);
  }
  return state;
}

/** The model's trainable variables, in the model's (deterministic) order. */
export function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const handler = modelFolder(dir);
  if (handler.load === undefined) throw new Error('the model folder handler cannot load');
  return handler.load();
}
