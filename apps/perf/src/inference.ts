/**
 * Deployed inference of ResNet-20 1W/1A (the deploy issue's targets): the packed file on
 * @signflow/infer's xnor-popcount engine, native addon and WebAssembly, against the zoo model
 * itself — fake-quantised (ReSTE) and float — on tfjs `native`, the float model on tfjs `wasm`,
 * and PyTorch float inference of the same architecture (src/torch_worker.py, eval mode under
 * `torch.no_grad`, two threads). For each batch size every contender runs in its own worker and
 * all take turns round by round (src/coordinator.ts); the ratios are medians of per-round ratios.
 * Then the sizes on disk of ResNet-20 1W/1A and of zoo-small's default MLP (1W/1A, ReSTE): the
 * float checkpoint (weights.bin of a tfjs save), the tfjs, onnx and packed exports, the summary's
 * memory (`summary(model).totals.memoryBytes`) and the packed file it predicts (that memory plus
 * the manifest, `predictPackedSize`).
 *
 * Rows:
 *   packed native    PackedModel.predict on the native addon (AVX-512 VPOPCNTDQ / AVX2 / portable), `--threads` threads
 *   packed wasm      PackedModel.predict on the WebAssembly engine
 *   fake-quant native  the zoo's ResNet-20 with ReSTE 1W/1A, model.predict (inference mode) on tfjs `native`
 *   float native     the same architecture without estimators, model.predict on tfjs `native`
 *   float wasm       the same float model on @tensorflow/tfjs-backend-wasm
 *   pytorch float    the same float architecture in PyTorch
 * Targets: packed native ≥ 5× fake-quant native at batch 1 (aim 10×), faster than PyTorch float;
 * packed wasm ≥ 3× float wasm.
 *
 * Usage (from apps/perf): npx tsx src/inference.ts [--batches 1,128] [--rounds 5] [--warmup 3]
 *   [--warmup-seconds 2] [--pause-ms 300] [--threads 2] [--contenders packed-native,...]
 *   [--no-sizes] [--out DIR]
 * Each turn runs max(2, ceil(64 / batch)) inferences. Inputs are a seeded N(0, 1) batch of
 * 32×32×3 images (src/workload.ts), the same for every tfjs contender; PyTorch draws its own.
 * Writes DIR/inference.json and DIR/inference.md (default: <repo>/tmp/inference-bench).
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { exportModel, lowerModel, predictPackedSize } from '@signflow/export';
import { summary } from '@signflow/metrics';
import { mlp } from '@signflow/zoo-small';
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
import { estimatorFor, zooModel } from './zoo.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The contenders, in the table's order. */
const CONTENDERS = ['packed-native', 'packed-wasm', 'fake-quant-native', 'float-native', 'float-wasm', 'pytorch-float'] as const;
type ContenderId = (typeof CONTENDERS)[number];

const { values: options } = parseArgs({
  options: {
    batches: { type: 'string', default: '1,128' },
    contenders: { type: 'string', default: CONTENDERS.join(',') },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    'warmup-seconds': { type: 'string', default: '2' },
    'pause-ms': { type: 'string', default: '300' },
    threads: { type: 'string', default: '2' },
    'no-sizes': { type: 'boolean', default: false },
    out: { type: 'string', default: resolve(repoRoot, 'tmp/inference-bench') },
  },
});
const out = outputFolder(options.out);
const batches = positiveInts(options.batches, 'batches');
let chosen = list(options.contenders, 'contenders', CONTENDERS) as ContenderId[];
if (chosen.includes('pytorch-float') && !pytorchAvailable()) chosen = chosen.filter((c) => c !== 'pytorch-float');
const rounds = positiveInts(options.rounds, 'rounds')[0] as number;
const warmup = positiveInts(options.warmup, 'warmup')[0] as number;
const warmupSeconds = nonNegative(options['warmup-seconds'], 'warmup-seconds');
const pauseMs = nonNegative(options['pause-ms'], 'pause-ms');
const threads = positiveInts(options.threads, 'threads')[0] as number;

const MODEL = { model: 'resnet20', estimator: 'reste', mode: 'infer' } as const;

/** The worker each contender runs in and what it is set up with. */
function contender(id: ContenderId, batch: number): Contender {
  switch (id) {
    case 'packed-native':
    case 'packed-wasm':
      // Built and exported on tfjs `cpu`; only PackedModel.predict is timed.
      return { id, backend: 'cpu', setup: { workload: 'packed', ...MODEL, precision: '1w1a', batch, engine: id === 'packed-native' ? 'native' : 'wasm', threads } };
    case 'fake-quant-native':
      return { id, backend: 'native', setup: { workload: 'zoo', ...MODEL, precision: '1w1a', batch } };
    case 'float-native':
      return { id, backend: 'native', setup: { workload: 'zoo', ...MODEL, precision: 'float', batch } };
    case 'float-wasm':
      return { id, backend: 'wasm', setup: { workload: 'zoo', ...MODEL, precision: 'float', batch } };
    case 'pytorch-float':
      return { id, backend: REFERENCE, setup: { workload: 'zoo', ...MODEL, precision: 'float', batch } };
  }
}

/** One contender's row. */
interface Row {
  batch: number;
  id: ContenderId;
  steps: number;
  msPerBatch: number;
  imagesPerSecond: number;
  peakRssMb: number;
}

/** One ratio the issue's targets name. */
interface Ratio {
  batch: number;
  what: string;
  /** How many times faster (per-round median); null when a side did not run. */
  value: number | null;
  /** The target it is held to, when the issue sets one. */
  target: number | null;
}

async function measureBatch(batch: number): Promise<{ rows: Row[]; ratios: Ratio[] }> {
  const measured = await measure(
    chosen.map((id) => contender(id, batch)),
    { rounds, warmup, warmupSeconds, pauseMs, stepsPerRound: () => Math.max(2, Math.ceil(64 / batch)), roundsFor: () => rounds },
    `resnet20 inference batch ${batch}`,
  );
  const byId = new Map(measured.map((m) => [m.id as ContenderId, m]));
  const rows = measured.map((m: Measurement) => ({
    batch,
    id: m.id as ContenderId,
    steps: m.steps,
    msPerBatch: m.medianStepSeconds * 1000,
    imagesPerSecond: batch / m.medianStepSeconds,
    peakRssMb: m.peakRssMb,
  }));
  const ratio = (what: string, fast: ContenderId, slow: ContenderId, target: number | null): Ratio => ({
    batch,
    what,
    value: speedRatio(byId.get(fast), byId.get(slow)),
    target,
  });
  const ratios = [
    ratio('packed native vs fake-quant native', 'packed-native', 'fake-quant-native', batch === 1 ? 5 : null),
    ratio('packed native vs PyTorch float', 'packed-native', 'pytorch-float', 1),
    ratio('packed wasm vs float wasm', 'packed-wasm', 'float-wasm', 3),
    ratio('packed native vs float native', 'packed-native', 'float-native', null),
  ];
  return { rows, ratios };
}

/** Bytes of one model on disk in each form. */
interface Sizes {
  model: string;
  floatCheckpoint: number;
  tfjs: Record<string, number>;
  onnx: number;
  packed: number;
  summaryMemoryBytes: number;
  /** The packed file the summary predicts: its memory plus the manifest of the architecture. */
  summaryPackedBytes: number;
}

function byteLength(file: Uint8Array | string): number {
  return typeof file === 'string' ? new TextEncoder().encode(file).byteLength : file.byteLength;
}

/** The float checkpoint's weights.bin: what a tfjs save of the model writes as weight data. */
async function checkpointBytes(model: LayersModel): Promise<number> {
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      bytes = data === undefined ? 0 : Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return bytes;
}

async function sizesOf(name: string, model: LayersModel): Promise<Sizes> {
  const memory = summary(model).totals.memoryBytes;
  const sizes: Sizes = {
    model: name,
    floatCheckpoint: await checkpointBytes(model),
    tfjs: {},
    onnx: 0,
    packed: 0,
    summaryMemoryBytes: memory,
    summaryPackedBytes: predictPackedSize(lowerModel(model), memory).file,
  };
  for (const format of ['tfjs', 'onnx', 'packed'] as const) {
    const { files } = await exportModel(model, { format });
    if (format === 'tfjs') sizes.tfjs = Object.fromEntries(Object.entries(files).map(([file, content]) => [file, byteLength(content)]));
    else sizes[format] = Object.values(files).reduce((n, content) => n + byteLength(content), 0);
  }
  model.dispose();
  return sizes;
}

async function measureSizes(): Promise<Sizes[]> {
  await tf.setBackend('cpu');
  const reste = (role: 'weights' | 'activations'): ReturnType<typeof estimatorFor> => estimatorFor('reste', role);
  return [
    await sizesOf('resnet20 1W/1A', zooModel('resnet20', 'reste', '1w1a')),
    await sizesOf('mlp 1W/1A', mlp({ weightEstimator: reste('weights'), activationEstimator: reste('activations'), seed: 1 })),
  ];
}

function times(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(2)}x`;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function markdown(rows: Row[], ratios: Ratio[], sizes: Sizes[], command: string, load: { start: number[]; end: number[] }): string {
  const lines = [`Command: \`${command}\``, '', machineLine(load), ''];
  lines.push('| batch | contender | ms / batch | images/s | runs | peak RSS (MB) |', '|---:|---|---:|---:|---:|---:|');
  for (const r of rows) lines.push(`| ${r.batch} | ${r.id} | ${r.msPerBatch.toFixed(3)} | ${r.imagesPerSecond.toFixed(1)} | ${r.steps} | ${r.peakRssMb.toFixed(0)} |`);
  lines.push('', '| batch | ratio (times faster, per-round median) | value | target | met |', '|---:|---|---:|---:|---|');
  for (const r of ratios) {
    // "faster than" (target 1) is strict; the other targets are "at least".
    const met = r.target === null || r.value === null ? '–' : (r.target === 1 ? r.value > 1 : r.value >= r.target) ? 'yes' : 'no';
    lines.push(`| ${r.batch} | ${r.what} | ${times(r.value)} | ${r.target === null ? '–' : `${r.target === 1 ? '>' : '≥'} ${r.target}x`} | ${met} |`);
  }
  if (sizes.length > 0) {
    lines.push(
      '',
      '| model | float checkpoint (weights.bin) | tfjs export (model.json + weights.bin) | onnx export | packed | summary: memory | summary: packed file | packed vs summary |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const s of sizes) {
      const tfjs = Object.values(s.tfjs).reduce((a, b) => a + b, 0);
      const parts = Object.entries(s.tfjs).map(([file, n]) => `${file} ${n}`).join(' + ');
      const off = ((s.packed - s.summaryPackedBytes) / s.summaryPackedBytes) * 100;
      lines.push(
        `| ${s.model} | ${s.floatCheckpoint} (${kib(s.floatCheckpoint)}) | ${tfjs} (${parts}) | ${s.onnx} (${kib(s.onnx)}) | ${s.packed} (${kib(s.packed)}) | ${s.summaryMemoryBytes} (${kib(s.summaryMemoryBytes)}) | ${s.summaryPackedBytes} (${kib(s.summaryPackedBytes)}) | ${off >= 0 ? '+' : ''}${off.toFixed(2)} % |`,
      );
    }
  }
  return [...lines, ''].join('\n');
}

const command = `npm run bench:inference -- ${process.argv.slice(2).join(' ')}`.trim();
const load = { start: loadavg(), end: [] as number[] };
const rows: Row[] = [];
const ratios: Ratio[] = [];
for (const batch of batches) {
  const measured = await measureBatch(batch);
  rows.push(...measured.rows);
  ratios.push(...measured.ratios);
}
load.end = loadavg();
const sizes = options['no-sizes'] ? [] : await measureSizes();
mkdirSync(out, { recursive: true });
const report = markdown(rows, ratios, sizes, command, load);
writeAtomically(join(out, 'inference.json'), `${JSON.stringify({ command, date: new Date().toISOString(), load, threads, rows, ratios, sizes }, null, 2)}\n`);
writeAtomically(join(out, 'inference.md'), report);
process.stdout.write(report);
log(`wrote ${join(out, 'inference.json')} and inference.md`);
