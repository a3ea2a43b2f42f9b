import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `signflow-web-${prefix}-`));
}

/** Options of {@link writeRun}. */
export interface RunFixture {
  readonly config?: Record<string, unknown> | string;
  /** Epoch-log lines (objects are written as JSON). */
  readonly epochs?: readonly (Record<string, unknown> | string)[];
  readonly completed?: boolean;
  /** Writes a checkpoint with a tiny model.json and weights.bin (`legacy`: as signflow 0.1 did). */
  readonly model?: boolean | 'legacy';
}

/** The config of a small MNIST run, as the trainer writes it (the fields the page reads). */
export const MNIST_CONFIG = { estimator: 'reste', backbone: 'mlp', bits: '1/1', dataset: 'mnist', epochs: 3 };

/** Writes a run directory the way `signflow train` lays it out. */
export function writeRun(dir: string, fixture: RunFixture = {}): string {
  mkdirSync(dir, { recursive: true });
  const config = fixture.config ?? MNIST_CONFIG;
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  writeFileSync(join(dir, 'run.log'), 'started\n');
  const epochs = fixture.epochs ?? [
    { epoch: 0, loss: 1, top1: 0.5, imagesPerSecond: 100, backend: 'cpu' },
    { epoch: 1, loss: 0.8, top1: 0.7, imagesPerSecond: 300, backend: 'cpu' },
  ];
  writeFileSync(join(dir, 'epochs.jsonl'), epochs.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n');
  if (fixture.completed ?? true) writeFileSync(join(dir, 'summary.json'), JSON.stringify({ status: 'completed', backend: 'cpu' }));
  if (fixture.model) {
    // The trainer's layout: numbered folders, finished once their manifest is written; signflow
    // 0.1 named the folder in `checkpoints/latest` instead.
    const name = fixture.model === 'legacy' ? 'ckpt-e00002-s000000' : 'ckpt-000002-e2-s0';
    const ckpt = join(dir, 'checkpoints', name);
    mkdirSync(ckpt, { recursive: true });
    writeFileSync(join(ckpt, 'model.json'), '{"modelTopology":{}}');
    writeFileSync(join(ckpt, 'weights.bin'), Buffer.from([1, 2, 3, 4]));
    if (fixture.model === 'legacy') writeFileSync(join(dir, 'checkpoints', 'latest'), name);
    else writeFileSync(join(ckpt, 'manifest.json'), '{"version":1,"files":{}}');
  }
  return dir;
}

/** Writes a benchmark folder: grid.json, results.jsonl and a run per result. */
export function writeBench(dir: string, results: readonly Record<string, unknown>[]): string {
  mkdirSync(join(dir, 'runs'), { recursive: true });
  writeFileSync(join(dir, 'grid.json'), JSON.stringify({ hash: 'h', spec: { name: 'sweep', description: 'a test grid', axes: { estimator: ['reste'], seed: [1, 2] } } }));
  writeFileSync(join(dir, 'results.jsonl'), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  for (const r of results) writeRun(join(dir, 'runs', String(r.hash)));
  return dir;
}

/** Makes `link` a symbolic link to `target`. */
export function link(target: string, path: string): void {
  symlinkSync(target, path);
}
