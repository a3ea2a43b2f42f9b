/**
 * `signflow train` end to end beside the step benchmark of the same model and batch: runs the
 * training command (data loading, augmentation, the trainer's optimiser, observers, evaluation,
 * checkpoints) and reads the images/s of each epoch from its epochs.jsonl, and measures the
 * training step alone (src/coordinator.ts, `native`, the same zoo model, estimator and batch)
 * right before and right after, so that both see the same machine.
 *
 * Usage (from apps/perf): npx tsx src/train-epochs.ts [--epochs 1] [--backbone resnet20]
 *   [--estimator reste] [--batch 256] [--rounds 3] [--out DIR] [-- extra signflow train flags]
 * The dataset is CIFAR-10 (`signflow data fetch cifar10` first). Writes DIR/train.json and
 * DIR/train.md (default: <repo>/tmp/train-bench).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { log, machineLine, measure, median, outputFolder, positiveInts, writeAtomically } from './coordinator.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SIGNFLOW = join(repoRoot, 'apps/trainer/bin/signflow.mjs');

const { values: options, positionals: extra } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string', default: '1' },
    backbone: { type: 'string', default: 'resnet20' },
    estimator: { type: 'string', default: 'reste' },
    batch: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '3' },
    out: { type: 'string', default: resolve(repoRoot, 'tmp/train-bench') },
  },
});
const out = outputFolder(options.out);
const epochs = positiveInts(options.epochs, 'epochs')[0] as number;
const batch = positiveInts(options.batch, 'batch')[0] as number;
const rounds = positiveInts(options.rounds, 'rounds')[0] as number;
const model = options.backbone === 'vgg-small' ? 'vgg-small' : 'resnet20';
if (options.backbone !== model) throw new Error(`--backbone: the step benchmark knows resnet20 and vgg-small, not '${options.backbone}'`);

/** The training step alone on `native`, in images/s (median step). */
async function stepImagesPerSecond(): Promise<number> {
  const [measured] = await measure(
    [{ id: `native ${options.estimator}`, backend: 'native', setup: { workload: 'zoo', model, estimator: options.estimator, precision: '1w1a', batch, mode: 'train' } }],
    { rounds, warmup: 3, warmupSeconds: 2, pauseMs: 300, stepsPerRound: () => 2, roundsFor: () => rounds },
    `step benchmark ${model} ${options.estimator} batch ${batch}`,
  );
  return batch / (measured?.medianStepSeconds ?? Number.NaN);
}

/** Runs `signflow train` into a fresh folder under `out` and returns its epoch records. */
function train(out: string): { epoch: number; imagesPerSecond: number; seconds: number }[] {
  const args = [SIGNFLOW, 'train', '--backbone', options.backbone, '--dataset', 'cifar10', '--estimator', options.estimator];
  args.push('--epochs', String(epochs), '--batch-size', String(batch), '--backend', 'native', '--out', out, ...extra);
  log(`running node ${args.join(' ')}`);
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`signflow train exited with status ${run.status ?? run.signal}`);
  const [runDir] = readdirSync(out).map((name) => join(out, name));
  if (runDir === undefined) throw new Error(`signflow train left no run folder in ${out}`);
  return readFileSync(join(runDir, 'epochs.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { epoch: number; imagesPerSecond: number; seconds: number });
}

const started = new Date();
const load = { start: loadavg(), end: [] as number[] };
const before = await stepImagesPerSecond();
const runs = join(out, `runs-${started.toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(runs, { recursive: true });
const records = train(runs);
const after = await stepImagesPerSecond();
load.end = loadavg();
const step = (before + after) / 2;
const first = records[0]?.imagesPerSecond ?? Number.NaN;
const command = `npm run bench:train -- ${process.argv.slice(2).join(' ')}`.trim();
const rows = [
  `Step benchmark (native, ${model} 1W/1A, ${options.estimator}, batch ${batch}): ${before.toFixed(1)} images/s before the run, ${after.toFixed(1)} after, mean ${step.toFixed(1)}.`,
  '',
  '| epoch | images/s | vs step benchmark | vs epoch 1 | seconds |',
  '|---:|---:|---:|---:|---:|',
  ...records.map(
    (r) =>
      `| ${r.epoch + 1} | ${r.imagesPerSecond.toFixed(1)} | ${((100 * r.imagesPerSecond) / step).toFixed(0)} % | ${((100 * r.imagesPerSecond) / first).toFixed(0)} % | ${r.seconds.toFixed(0)} |`,
  ),
  '',
  `Median epoch: ${median(records.map((r) => r.imagesPerSecond)).toFixed(1)} images/s; slowest epoch ${((100 * Math.min(...records.map((r) => r.imagesPerSecond))) / first).toFixed(0)} % of epoch 1.`,
];
const report = [`Command: \`${command}\``, '', machineLine(load), '', ...rows, ''].join('\n');
writeAtomically(join(out, 'train.json'), `${JSON.stringify({ command, date: started.toISOString(), load, step: { before, after }, records }, null, 2)}\n`);
writeAtomically(join(out, 'train.md'), report);
process.stdout.write(report);
log(`wrote ${join(out, 'train.json')} and train.md`);
