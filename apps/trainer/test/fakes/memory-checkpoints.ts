import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { trainableVariables, type CheckpointStore, type LoadedCheckpoint, type TrainingState } from '../../src/run/checkpoint.js';
import type { TrainOptimizer } from '../../src/train/optimizers.js';

/** Checkpoints kept in memory, by run directory: weights and optimiser state as plain arrays. */
export class MemoryCheckpoints implements CheckpointStore {
  readonly saved = new Map<string, { weights: Float32Array[]; optimizer: Record<string, { data: Float32Array; shape: number[] }>; state: TrainingState }>();
  saves = 0;

  has(runDir: string): boolean {
    return this.saved.has(runDir);
  }

  async save(runDir: string, model: LayersModel, optimizer: TrainOptimizer, state: TrainingState): Promise<void> {
    this.saves++;
    const slots = optimizer.state(trainableVariables(model));
    const copy = Object.fromEntries(Object.entries(slots).map(([name, t]) => [name, { data: Float32Array.from(t.dataSync()), shape: t.shape }]));
    tf.dispose(slots);
    this.saved.set(runDir, { weights: model.getWeights().map((w) => Float32Array.from(w.dataSync())), optimizer: copy, state });
  }

  latest(runDir: string): { where: string; epoch: number } | null {
    const checkpoint = this.saved.get(runDir);
    return checkpoint === undefined ? null : { where: `memory:${runDir}`, epoch: checkpoint.state.epoch };
  }

  async load(runDir: string, model: LayersModel, optimizer: TrainOptimizer): Promise<LoadedCheckpoint> {
    const checkpoint = this.saved.get(runDir);
    if (checkpoint === undefined) throw new Error(`no checkpoint for ${runDir}`);
    const weights = model.weights.map((w, i) => tf.tensor(checkpoint.weights[i], w.shape as number[]));
    const slots = Object.fromEntries(Object.entries(checkpoint.optimizer).map(([name, s]) => [name, tf.tensor(s.data, s.shape)]));
    model.setWeights(weights);
    optimizer.restore(slots, trainableVariables(model));
    tf.dispose([...weights, ...Object.values(slots)]);
    return { state: checkpoint.state, dir: `memory:${runDir}`, skipped: [] };
  }
}
