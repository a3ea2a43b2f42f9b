import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import type { DependencyContainer } from 'tsyringe';
import type { BackendProvider } from '../src/backend/backend-provider.js';
import { BenchRunner } from '../src/bench/bench-runner.js';
import { exportCommand } from '../src/commands/export.js';
import type { CellResult } from '../src/bench/cell-runner.js';
import type { CellTransport, GridJob } from '../src/bench/cell-transport.js';
import { validateGridSpec } from '../src/bench/grid-spec.js';
import { resolveRunConfig } from '../src/config/resolve-config.js';
import { createAppContainer } from '../src/container/app-container.js';
import { TOKENS } from '../src/container/tokens.js';
import type { ModelExporter } from '../src/deploy/model-exporter.js';
import type { ProgressReporter, StepProgress } from '../src/run/progress.js';
import { RunExecutor } from '../src/run/run-executor.js';
import type { TrainingObserver } from '../src/train/observer.js';
import { RecipeOptimizers } from '../src/train/optimizer-factory.js';
import type { TrainOptimizer } from '../src/train/optimizers.js';
import { MemoryCheckpoints } from './fakes/memory-checkpoints.js';
import { SyntheticDataSource } from './fakes/synthetic-data.js';

/** The cpu backend, already active in tests: nothing is loaded. */
const cpuOnly: BackendProvider = { select: async () => ({ backend: 'cpu', provider: 'test', skipped: [] }) };

class RecordingProgress implements ProgressReporter {
  readonly updates: StepProgress[] = [];
  readonly lines: string[] = [];
  update(progress: StepProgress): void {
    this.updates.push(progress);
  }
  line(text: string): void {
    this.lines.push(text);
  }
}

/** A container whose run has no file to read, no backend to load and no terminal to draw on. */
function testContainer(): { app: DependencyContainer; data: SyntheticDataSource; progress: RecordingProgress } {
  const app = createAppContainer();
  const data = new SyntheticDataSource();
  const progress = new RecordingProgress();
  app.register(TOKENS.DataSource, { useValue: data });
  app.register(TOKENS.BackendProvider, { useValue: cpuOnly });
  app.register(TOKENS.ProgressReporter, { useValue: progress });
  return { app, data, progress };
}

const config = (out: string, extra: Record<string, unknown> = {}) =>
  resolveRunConfig({ backbone: 'mlp', dataset: 'synthetic-in-memory', epochs: 2, batchSize: 16, evalBatchSize: 32, out, backend: 'cpu', ...extra });

const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

describe('the container carries the app: each seam can be substituted', () => {
  it('trains from a substituted data source and reports through a substituted progress reporter', async () => {
    const { app, data, progress } = testContainer();
    const out = mkdtempSync(join(tmpdir(), 'signflow-seam-data-'));
    const outcome = await app.resolve(RunExecutor).execute(config(out), { stop: { requested: false } });
    expect(outcome.status).toBe('completed');
    expect(data.loads).toBe(1);
    expect(progress.updates.map((u) => `${u.epoch}:${u.done}/${u.steps}`)).toEqual(['1:1/4', '1:2/4', '1:3/4', '1:4/4', '2:1/4', '2:2/4', '2:3/4', '2:4/4']);
    expect(progress.lines).toHaveLength(2);
    expect(outcome.bestTop1).toBeGreaterThan(0.9); // the halves are easy to tell apart
  });

  it('keeps checkpoints in a substituted store and resumes from it', async () => {
    const { app } = testContainer();
    const store = new MemoryCheckpoints();
    app.register(TOKENS.CheckpointStore, { useValue: store });
    const out = mkdtempSync(join(tmpdir(), 'signflow-seam-store-'));
    const stop = { requested: false };
    // Stop after the first epoch's checkpoint, then resume the same directory from the store.
    app.register(TOKENS.ProgressReporter, { useValue: { update: () => undefined, line: () => (stop.requested = true) } });
    const executor = app.resolve(RunExecutor);
    const first = await executor.execute(config(out), { stop });
    expect(first).toMatchObject({ status: 'interrupted', epochsDone: 1 });
    expect(store.saves).toBe(1);
    expect(readdirSync(first.runDir)).not.toContain('checkpoints');
    const resumed = await executor.execute(config(out), { stop: { requested: false }, runDir: first.runDir });
    expect(resumed).toMatchObject({ status: 'completed', epochsDone: 2 });
    expect(store.saved.get(first.runDir)?.state.epoch).toBe(2);
    expect(readFileSync(join(first.runDir, 'run.log'), 'utf8')).toMatch(/Resuming .* at epoch 2, step 1/);
  });

  it('adds an observer whose fields reach the epoch log, one instance per run', async () => {
    const { app } = testContainer();
    const created: EpochCounter[] = [];
    class EpochCounter implements TrainingObserver {
      epochs = 0;
      constructor() {
        created.push(this);
      }
      beforeLastUpdate(model: LayersModel): void {
        expect(model.trainableWeights.length).toBeGreaterThan(0);
      }
      epochFields() {
        return { countedEpochs: ++this.epochs };
      }
    }
    app.register(TOKENS.TrainingObserver, { useClass: EpochCounter });
    const out = mkdtempSync(join(tmpdir(), 'signflow-seam-observer-'));
    const run = await app.resolve(RunExecutor).execute(config(out), { stop: { requested: false } });
    const log = readFileSync(join(run.runDir, 'epochs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((r) => r.countedEpochs)).toEqual([1, 2]);
    await app.resolve(RunExecutor).execute(config(out), { stop: { requested: false } });
    expect(created).toHaveLength(2);
  });

  it('builds optimisers through a substituted factory', async () => {
    const { app } = testContainer();
    const made: TrainOptimizer[] = [];
    app.register(TOKENS.OptimizerFactory, { useValue: { create: (c: Parameters<RecipeOptimizers['create']>[0]) => made[made.push(new RecipeOptimizers().create(c)) - 1] } });
    const out = mkdtempSync(join(tmpdir(), 'signflow-seam-optimizer-'));
    await app.resolve(RunExecutor).execute(config(out, { optimizer: 'adamw', lr: 0.001 }), { stop: { requested: false } });
    expect(made.map((o) => o.kind)).toEqual(['adamw']);
  });

  it("hands a grid's cells to a substituted transport and writes the results it returns", async () => {
    const { app } = testContainer();
    const jobs: GridJob[] = [];
    const transport: CellTransport = {
      async run(job, onResult: (result: CellResult) => void) {
        jobs.push(job);
        for (const cell of job.cells) {
          onResult({ status: 'done', cell, line: { hash: cell.hash, axes: cell.axes, status: 'failed', error: 'not run by this transport', wallSeconds: 0, runDir: 'elsewhere', versions: {} } });
        }
        return { interrupted: false };
      },
    };
    app.register(TOKENS.CellTransport, { useValue: transport });
    const out = join(mkdtempSync(join(tmpdir(), 'signflow-seam-transport-')), 'out');
    const spec = validateGridSpec({ name: 'seam', axes: { oEnd: [2, 3] }, settings: { backbone: 'mlp', dataset: 'mnist', epochs: 1, limitTrain: 64, limitTest: 32 } });
    const outcome = await app.resolve(BenchRunner).run(spec, { out, log: quiet });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].cells.map((c) => c.axes.oEnd)).toEqual([2, 3]);
    expect(outcome).toMatchObject({ runs: 2, ran: 0, failed: 2 });
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.error)).toEqual(['not run by this transport', 'not run by this transport']);
  });

  it('exports through an added format beside the built-in ones', async () => {
    const { app } = testContainer();
    const out = mkdtempSync(join(tmpdir(), 'signflow-seam-export-'));
    const run = await app.resolve(RunExecutor).execute(config(out, { epochs: 1 }), { stop: { requested: false } });
    // A format of the embedding application's: the layer names, one per line.
    const names: ModelExporter = {
      format: 'layer-names',
      summary: 'the layer names, one per line',
      write: async (model: LayersModel) => ({ 'layers.txt': model.layers.map((l) => l.name).join('\n') }),
    };
    app.register(TOKENS.ModelExporter, { useValue: names });
    const folder = join(out, 'export');
    const stdout = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect(await exportCommand([run.runDir, '--which', 'last', '--format', 'layer-names', '--out', folder], app)).toBe(0);
    } finally {
      process.stdout.write = stdout;
    }
    expect(readFileSync(join(folder, 'layers.txt'), 'utf8')).toMatch(/^image\nflatten\nfc1\n/);
    expect(JSON.parse(readFileSync(join(folder, 'export.json'), 'utf8'))).toMatchObject({ format: 'layer-names', files: { 'layers.txt': expect.any(Number) } });
    await expect(exportCommand([run.runDir, '--format', 'nope', '--out', folder], app)).rejects.toThrow(/expected one of tfjs, onnx, packed, layer-names/);
  });
});
