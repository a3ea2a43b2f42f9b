import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../src/config/resolve-config.js';
import { createAppContainer } from '../src/container/app-container.js';
import { TOKENS } from '../src/container/tokens.js';
import { RunExecutor } from '../src/run/run-executor.js';
import { SyntheticDataSource } from './fakes/synthetic-data.js';

describe('the whole training loop', () => {
  it('holds the same number of tensors after every epoch over 300 steps with evaluation, indicators, flip ratio, checkpoints and best models', async () => {
    const app = createAppContainer();
    app.register(TOKENS.DataSource, { useValue: new SyntheticDataSource() });
    app.register(TOKENS.BackendProvider, { useValue: { select: async () => ({ backend: 'cpu', provider: 'test', skipped: [] }) } });
    const counts: number[] = [];
    // The epoch's line is printed after its checkpoint and best model are written.
    app.register(TOKENS.ProgressReporter, { useValue: { update: () => undefined, line: () => counts.push(tf.memory().numTensors) } });
    const config = resolveRunConfig({ backbone: 'mlp', backboneOptions: { hidden: [32, 32] }, dataset: 'synthetic', epochs: 75, batchSize: 16, evalBatchSize: 16, backend: 'cpu', out: mkdtempSync(join(tmpdir(), 'signflow-leak-')) });
    const before = tf.memory().numTensors;
    const outcome = await app.resolve(RunExecutor).execute(config, { stop: { requested: false } });
    expect(outcome).toMatchObject({ status: 'completed', epochsDone: 75 }); // 64 images / 16 = 4 steps per epoch: 300 steps
    expect(counts).toHaveLength(75);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
