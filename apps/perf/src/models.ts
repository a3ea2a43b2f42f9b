/**
 * What users train, timed: signflow's zoo models (ResNet-20, VGG-small) with its estimators, at
 * 1W/1A and 1W/32A, on `native`, against PyTorch running the same architecture with the same
 * estimator written as a PyTorch user writes one (src/torch_worker.py). For each configuration
 * (model × precision × batch × mode) every contender — `native` with each estimator, PyTorch with
 * each estimator it has (ReSTE, STE, DoReFa) — runs in its own worker and all take turns round
 * by round (src/coordinator.ts), so the ratios compare neighbours in time: each contender against
 * PyTorch with the same estimator, and each native estimator against native STE.
 *
 * Usage (from apps/perf): npx tsx src/models.ts [--models resnet20,vgg-small]
 *   [--estimators reste,ste,dorefa] [--precisions 1w1a,1w32a] [--batches 128,256]
 *   [--modes train,infer] [--backends native,pytorch] [--lr 0.01] [--rounds 3] [--warmup 3]
 *   [--warmup-seconds 2] [--pause-ms 300] [--out DIR]
 * Estimators PyTorch lacks (approxsign, dsq, ede, fda, rbnn) run on native only. Inference does
 * not depend on the backward rule, so infer mode measures the first estimator given only. The
 * training step is SGD with momentum 0.9 at `--lr` on a fixed random batch; a contender whose loss
 * diverged to NaN (FDA's does within a few steps at the rates tried, 0.01 down to 0.001: its
 * pseudo-gradient peaks at 16/π per layer) is marked, since NaN takes other code paths: `--lr 0` keeps every estimator
 * finite and times the same work.
 * Writes DIR/models.json and DIR/models.md (default: <repo>/tmp/model-bench).
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  list,
  log,
  machineLine,
  measure,
  nonNegative,
  positiveInts,
  pytorchAvailable,
  REFERENCE,
  speedRatio,
  outputFolder,
  writeAtomically,
  type Contender,
  type Measurement,
} from './coordinator.js';
import { ESTIMATORS, MODELS, PRECISIONS } from './zoo.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The estimators the PyTorch worker writes out (src/torch_worker.py). */
const TORCH_ESTIMATORS = ['reste', 'ste', 'dorefa'];

const { values: options } = parseArgs({
  options: {
    models: { type: 'string', default: MODELS.join(',') },
    estimators: { type: 'string', default: 'reste,ste,dorefa' },
    precisions: { type: 'string', default: PRECISIONS.join(',') },
    batches: { type: 'string', default: '128,256' },
    modes: { type: 'string', default: 'train,infer' },
    backends: { type: 'string', default: `native,${REFERENCE}` },
    lr: { type: 'string', default: '0.01' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    'warmup-seconds': { type: 'string', default: '2' },
    'pause-ms': { type: 'string', default: '300' },
    out: { type: 'string', default: resolve(repoRoot, 'tmp/model-bench') },
  },
});
const out = outputFolder(options.out);

const models = list(options.models, 'models', MODELS);
const estimators = list(options.estimators, 'estimators', Object.keys(ESTIMATORS));
const precisions = list(options.precisions, 'precisions', PRECISIONS);
const batches = positiveInts(options.batches, 'batches');
const modes = list(options.modes, 'modes', ['train', 'infer']);
let backends = list(options.backends, 'backends', ['native', REFERENCE]);
if (backends.includes(REFERENCE) && !pytorchAvailable()) backends = backends.filter((b) => b !== REFERENCE);
const rounds = positiveInts(options.rounds, 'rounds')[0] as number;
const warmup = positiveInts(options.warmup, 'warmup')[0] as number;
const warmupSeconds = nonNegative(options['warmup-seconds'], 'warmup-seconds');
const pauseMs = nonNegative(options['pause-ms'], 'pause-ms');
const learningRate = nonNegative(options.lr, 'lr');

/** One contender's row of the table. */
interface Result {
  model: string;
  precision: string;
  batch: number;
  mode: string;
  backend: string;
  estimator: string;
  steps: number;
  medianStepSeconds: number;
  imagesPerSecond: number;
  /** Against PyTorch with the same estimator (per-round median); null without it. */
  speedVsPytorch: number | null;
  /** This step's time over native STE's (per-round median; > 1 is slower); native training only. */
  stepVsSte: number | null;
  peakRssMb: number;
  rssVsPytorch: number | null;
  /** Whether every measured step's loss was finite. */
  finite: boolean;
}

async function measureConfiguration(model: string, precision: string, batch: number, mode: string): Promise<Result[]> {
  const chosen = mode === 'infer' ? estimators.slice(0, 1) : estimators;
  const contenders: Contender[] = backends.flatMap((backend) =>
    chosen
      .filter((estimator) => backend !== REFERENCE || TORCH_ESTIMATORS.includes(estimator))
      .map((estimator) => ({ id: `${backend} ${estimator}`, backend, setup: { workload: 'zoo', model, estimator, precision, batch, mode, learningRate } })),
  );
  // A VGG-small training step takes seconds: one per turn.
  const heavy = model === 'vgg-small' && mode === 'train';
  const measured = await measure(
    contenders,
    { rounds, warmup, warmupSeconds, pauseMs, stepsPerRound: () => (heavy ? 1 : mode === 'infer' ? 4 : 2), roundsFor: () => rounds },
    `${model} ${precision} batch ${batch} ${mode}`,
  );
  const byId = new Map(measured.map((m) => [m.id, m]));
  const ste = byId.get('native ste');
  return measured.map((m: Measurement) => {
    const estimator = m.id.split(' ')[1] as string;
    const torch = byId.get(`${REFERENCE} ${estimator}`);
    const stepVsSte = m.backend === 'native' && mode === 'train' && ste !== undefined ? speedRatio(ste, m) : null;
    return {
      model,
      precision,
      batch,
      mode,
      backend: m.backend,
      estimator,
      steps: m.steps,
      medianStepSeconds: m.medianStepSeconds,
      imagesPerSecond: batch / m.medianStepSeconds,
      speedVsPytorch: speedRatio(m, torch),
      stepVsSte,
      peakRssMb: m.peakRssMb,
      rssVsPytorch: torch === undefined ? null : m.peakRssMb / torch.peakRssMb,
      finite: m.finite,
    };
  });
}

function ratio(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(2)}x`;
}

function markdown(results: Result[], command: string, load: { start: number[]; end: number[] }): string {
  const rows = [
    '| model | precision | mode | batch | backend | estimator | images/s | vs PyTorch, same estimator | step vs native STE | step (s) | steps | peak RSS (MB) | RSS vs PyTorch |',
    '|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(
      `| ${r.model} | ${r.precision === '1w1a' ? '1W/1A' : '1W/32A'} | ${r.mode} | ${r.batch} | ${r.backend} | ${r.estimator}${r.finite ? '' : ' (loss NaN)'} | ${r.imagesPerSecond.toFixed(1)} | ${ratio(r.speedVsPytorch)} | ${ratio(r.stepVsSte)} | ${r.medianStepSeconds.toFixed(3)} | ${r.steps} | ${r.peakRssMb.toFixed(0)} | ${ratio(r.rssVsPytorch)} |`,
    );
  }
  return [`Command: \`${command}\``, '', machineLine(load), '', ...rows, ''].join('\n');
}

const command = `npm run bench:models -- ${process.argv.slice(2).join(' ')}`.trim();
const load = { start: loadavg(), end: [] as number[] };
const results: Result[] = [];
for (const model of models) {
  for (const precision of precisions) {
    for (const mode of modes) {
      for (const batch of batches) results.push(...(await measureConfiguration(model, precision, batch, mode)));
    }
  }
}
load.end = loadavg();
mkdirSync(out, { recursive: true });
const report = markdown(results, command, load);
writeAtomically(join(out, 'models.json'), `${JSON.stringify({ command, date: new Date().toISOString(), load, results }, null, 2)}\n`);
writeAtomically(join(out, 'models.md'), report);
process.stdout.write(report);
log(`wrote ${join(out, 'models.json')} and models.md`);
