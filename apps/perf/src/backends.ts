/**
 * The native backend against the other tfjs backends and PyTorch on a proxy model: ResNet-20
 * written in plain tfjs-layers (src/proxy-resnet20.ts), training and inference, in images per
 * second and peak resident memory (see src/coordinator.ts for the protocol).
 *
 * Usage (from apps/perf): npx tsx src/backends.ts [--batches 32,128]
 *   [--precisions float,binary] [--modes train,infer] [--backends native,wasm,cpu,pytorch]
 *   [--rounds 3] [--warmup 3] [--warmup-seconds 2] [--pause-ms 300] [--cpu-batches 32]
 *   [--cpu-modes infer] [--out DIR]
 * `cpu` and `wasm`, whose steps take seconds to minutes, warm up with one step; `cpu` is measured
 * with one step per configuration, and by default only for inference at batch 32: one of its
 * training steps at batch 32 takes about ten minutes here.
 * Writes DIR/backends.json and DIR/backends.md (default: <repo>/tmp/backend-bench).
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { list, log, machineLine, measure, nonNegative, outputFolder, positiveInts, pytorchAvailable, REFERENCE, speedRatio, writeAtomically } from './coordinator.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const { values: options } = parseArgs({
  options: {
    batches: { type: 'string', default: '32,128' },
    precisions: { type: 'string', default: 'float,binary' },
    modes: { type: 'string', default: 'train,infer' },
    backends: { type: 'string', default: 'native,wasm,cpu,pytorch' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    'warmup-seconds': { type: 'string', default: '2' },
    'pause-ms': { type: 'string', default: '300' },
    'cpu-batches': { type: 'string', default: '32' },
    'cpu-modes': { type: 'string', default: 'infer' },
    out: { type: 'string', default: resolve(repoRoot, 'tmp/backend-bench') },
  },
});
const out = outputFolder(options.out);

const batches = positiveInts(options.batches, 'batches');
const precisions = list(options.precisions, 'precisions', ['float', 'binary']);
const modes = list(options.modes, 'modes', ['train', 'infer']);
const rounds = positiveInts(options.rounds, 'rounds')[0] as number;
const warmup = positiveInts(options.warmup, 'warmup')[0] as number;
const warmupSeconds = nonNegative(options['warmup-seconds'], 'warmup-seconds');
const pauseMs = nonNegative(options['pause-ms'], 'pause-ms');
const cpuBatches = positiveInts(options['cpu-batches'], 'cpu-batches');
const cpuModes = list(options['cpu-modes'], 'cpu-modes', ['train', 'infer']);
let backends = list(options.backends, 'backends', ['native', 'wasm', 'cpu', REFERENCE]);
if (backends.includes(REFERENCE) && !pytorchAvailable()) backends = backends.filter((b) => b !== REFERENCE);

/** One measured cell of the table. */
interface Result {
  backend: string;
  mode: string;
  precision: string;
  batch: number;
  steps: number;
  medianStepSeconds: number;
  imagesPerSecond: number;
  /** Median over rounds of PyTorch's step time / this backend's, within each round. */
  speedVsPytorch: number | null;
  peakRssMb: number;
}

const slow = (backend: string): boolean => backend === 'cpu' || backend === 'wasm';

async function measureConfiguration(mode: string, precision: string, batch: number): Promise<Result[]> {
  const names = backends.filter((b) => b !== 'cpu' || (cpuBatches.includes(batch) && cpuModes.includes(mode)));
  const measured = await measure(
    names.map((backend) => ({ id: backend, backend, setup: { workload: 'proxy', precision, batch, mode } })),
    {
      rounds,
      warmup,
      warmupSeconds,
      pauseMs,
      stepsPerRound: (backend) => (backend === 'cpu' ? 1 : mode === 'infer' ? 4 : batch >= 128 ? 2 : 3),
      roundsFor: (backend) => (backend === 'cpu' ? 1 : rounds),
      warmupFor: (backend) => (slow(backend) ? { warmup: 1, warmupSeconds: 0 } : { warmup, warmupSeconds }),
    },
    `${mode} ${precision} batch ${batch}`,
  );
  const torch = measured.find((m) => m.backend === REFERENCE);
  return measured.map((m) => ({
    backend: m.backend,
    mode,
    precision,
    batch,
    steps: m.steps,
    medianStepSeconds: m.medianStepSeconds,
    imagesPerSecond: batch / m.medianStepSeconds,
    speedVsPytorch: speedRatio(m, torch),
    peakRssMb: m.peakRssMb,
  }));
}

function markdown(results: Result[], command: string, load: { start: number[]; end: number[] }): string {
  const rows = [
    '| mode | precision | batch | backend | images/s | vs PyTorch (per-round median) | step (s) | steps | peak RSS (MB) | RSS vs PyTorch |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const torch = results.find((t) => t.backend === REFERENCE && t.mode === r.mode && t.precision === r.precision && t.batch === r.batch);
    const ratio = r.speedVsPytorch === null ? '–' : `${r.speedVsPytorch.toFixed(2)}x`;
    const memory = torch === undefined ? '–' : `${(r.peakRssMb / torch.peakRssMb).toFixed(2)}x`;
    rows.push(
      `| ${r.mode} | ${r.precision === 'binary' ? '1W/1A' : 'float'} | ${r.batch} | ${r.backend} | ${r.imagesPerSecond.toFixed(2)} | ${ratio} | ${r.medianStepSeconds.toFixed(3)} | ${r.steps} | ${r.peakRssMb.toFixed(0)} | ${memory} |`,
    );
  }
  return [`Command: \`${command}\``, '', machineLine(load), '', ...rows, ''].join('\n');
}

const command = `npm run bench:backends -- ${process.argv.slice(2).join(' ')}`.trim();
const load = { start: loadavg(), end: [] as number[] };
const results: Result[] = [];
for (const mode of modes) {
  for (const precision of precisions) {
    for (const batch of batches) results.push(...(await measureConfiguration(mode, precision, batch)));
  }
}
load.end = loadavg();
mkdirSync(out, { recursive: true });
const report = markdown(results, command, load);
writeAtomically(join(out, 'backends.json'), `${JSON.stringify({ command, date: new Date().toISOString(), load, results }, null, 2)}\n`);
writeAtomically(join(out, 'backends.md'), report);
process.stdout.write(report);
log(`wrote ${join(out, 'backends.json')} and backends.md`);
