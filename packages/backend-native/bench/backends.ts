/**
 * Side-by-side benchmark of ResNet-20 training and inference on the `native`, `wasm` and `cpu`
 * tfjs backends and on PyTorch (Debian's python3-torch, when installed), in images per second
 * and peak resident memory. Each backend runs in its own worker process; for every
 * configuration the workers take turns round by round, so a busy machine slows all of them
 * alike and the ratios hold.
 *
 * Usage (from packages/backend-native): npx tsx bench/backends.ts [--batches 32,128]
 *   [--precisions float,binary] [--modes train,infer] [--backends native,wasm,cpu,pytorch]
 *   [--rounds 3] [--warmup 3] [--warmup-seconds 2] [--pause-ms 300] [--cpu-batches 32]
 *   [--cpu-modes infer] [--out DIR]
 * Each worker first runs at least --warmup steps and for at least --warmup-seconds (one step for
 * `cpu` and `wasm`, whose steps take seconds to minutes): a step reaches its steady state —
 * buffers pooled, JavaScript compiled by V8's optimising tier — only after a while, and a short
 * inference pass needs many steps for that. Between
 * two turns the coordinator waits --pause-ms, so that one worker's leftover background work
 * (garbage collection after a large step, OpenMP threads still spinning) does not land in the
 * next worker's steps.
 * The `cpu` backend is measured with one step per configuration, and by default only for
 * inference at batch 32: one of its training steps at batch 32 takes about ten minutes here.
 * Writes DIR/backends.json and DIR/backends.md (default: <repo>/tmp/backend-bench).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';

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
    out: { type: 'string', default: resolve(packageDir, '../../tmp/backend-bench') },
  },
});

function list(value: string, name: string, allowed?: readonly string[]): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const item of items) {
    if (allowed !== undefined && !allowed.includes(item)) {
      throw new Error(`--${name}: '${item}' is not one of ${allowed.join(', ')}`);
    }
  }
  return items;
}

function positiveInts(value: string, name: string): number[] {
  return list(value, name).map((item) => {
    const n = Number(item);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: '${item}' is not a positive integer`);
    return n;
  });
}

const batches = positiveInts(options.batches, 'batches');
const precisions = list(options.precisions, 'precisions', ['float', 'binary']);
const modes = list(options.modes, 'modes', ['train', 'infer']);
const rounds = positiveInts(options.rounds, 'rounds')[0] as number;
const warmup = positiveInts(options.warmup, 'warmup')[0] as number;
const warmupSeconds = Number(options['warmup-seconds']);
if (!(warmupSeconds >= 0)) throw new Error(`--warmup-seconds: '${options['warmup-seconds']}' is not a number of seconds`);
const pauseMs = Number(options['pause-ms']);
if (!Number.isInteger(pauseMs) || pauseMs < 0) throw new Error(`--pause-ms: '${options['pause-ms']}' is not a number of milliseconds`);
const cpuBatches = positiveInts(options['cpu-batches'], 'cpu-batches');
const cpuModes = list(options['cpu-modes'], 'cpu-modes', ['train', 'infer']);
let backends = list(options.backends, 'backends', ['native', 'wasm', 'cpu', 'pytorch']);

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

if (backends.includes('pytorch')) {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    log(`PyTorch skipped: ${PYTHON} cannot import torch (install it with \`apt-get install python3-torch\`).`);
    backends = backends.filter((b) => b !== 'pytorch');
  }
}

/** A worker process speaking the JSON-line protocol of worker.ts / torch_worker.py. */
class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];

  constructor(readonly backend: string) {
    this.child =
      backend === 'pytorch'
        ? spawn(PYTHON, [join(packageDir, 'bench', 'torch_worker.py')], { cwd: packageDir })
        : spawn(process.execPath, ['--import', 'tsx', join(packageDir, 'bench', 'worker.ts'), backend], { cwd: packageDir });
    this.child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text !== '' && !text.includes('tfjs-node') && !/^=+$/m.test(text)) log(`${backend}: ${text}`);
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  async send(command: object): Promise<Record<string, unknown>> {
    const answer = new Promise<string>((resolveLine, reject) => {
      this.pending.push(resolveLine);
      this.child.once('exit', (code) => reject(new Error(`${this.backend} worker exited with code ${code}`)));
    });
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    const reply = JSON.parse(await answer) as Record<string, unknown>;
    if (typeof reply['error'] === 'string') throw new Error(`${this.backend}: ${reply['error']}`);
    return reply;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** One measured cell of the table. */
interface Result {
  backend: string;
  mode: string;
  precision: string;
  batch: number;
  steps: number;
  medianStepSeconds: number;
  imagesPerSecond: number;
  /** Median over rounds of (this backend's images/s) / (PyTorch's images/s in the same round). */
  speedVsPytorch: number | null;
  peakRssMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function measure(mode: string, precision: string, batch: number): Promise<Result[]> {
  const names = backends.filter((b) => b !== 'cpu' || (cpuBatches.includes(batch) && cpuModes.includes(mode)));
  const stepsPerRound = (backend: string): number => (backend === 'cpu' ? 1 : mode === 'infer' ? 4 : batch >= 128 ? 2 : 3);
  const roundsFor = (backend: string): number => (backend === 'cpu' ? 1 : rounds);
  const workers = names.map((name) => new Worker(name));
  const seconds = new Map<string, number[]>(names.map((n) => [n, []]));
  // Mean step time of each backend in each round, for ratios between neighbours in time.
  const roundMeans = new Map<string, number[]>(names.map((n) => [n, []]));
  try {
    for (const worker of workers) {
      log(`${mode} ${precision} batch ${batch}: setting up ${worker.backend}`);
      const slow = worker.backend === 'cpu' || worker.backend === 'wasm';
      await worker.send({ cmd: 'setup', precision, batch, mode, warmup: slow ? 1 : warmup, warmupSeconds: slow ? 0 : warmupSeconds });
    }
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no backend always runs right after the same neighbour.
      const order = workers.map((_, i) => workers[(i + round) % workers.length] as Worker);
      for (const worker of order) {
        if (round >= roundsFor(worker.backend)) continue;
        await new Promise((done) => setTimeout(done, pauseMs));
        const reply = await worker.send({ cmd: 'run', steps: stepsPerRound(worker.backend) });
        const times = reply['seconds'] as number[];
        seconds.get(worker.backend)?.push(...times);
        roundMeans.get(worker.backend)?.push(times.reduce((p, q) => p + q, 0) / times.length);
        log(`${mode} ${precision} batch ${batch} round ${round + 1}: ${worker.backend} ${times.map((t) => t.toFixed(3)).join(' ')} s/step`);
      }
    }
    const torchRounds = roundMeans.get('pytorch');
    const speedVsPytorch = (backend: string): number | null => {
      const own = roundMeans.get(backend) as number[];
      if (torchRounds === undefined || own.length !== torchRounds.length) return null;
      return median(own.map((t, i) => (torchRounds[i] as number) / t));
    };
    const results: Result[] = [];
    for (const worker of workers) {
      const memory = await worker.send({ cmd: 'memory' });
      const times = seconds.get(worker.backend) as number[];
      const step = median(times);
      results.push({
        backend: worker.backend,
        mode,
        precision,
        batch,
        steps: times.length,
        medianStepSeconds: step,
        imagesPerSecond: batch / step,
        speedVsPytorch: speedVsPytorch(worker.backend),
        peakRssMb: memory['peakRssMb'] as number,
      });
    }
    return results;
  } finally {
    for (const worker of workers) worker.close();
  }
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function markdown(results: Result[], command: string, load: { start: number[]; end: number[] }): string {
  const rows = [
    '| mode | precision | batch | backend | images/s | vs PyTorch (per-round median) | step (s) | steps | peak RSS (MB) | RSS vs PyTorch |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const torch = results.find((t) => t.backend === 'pytorch' && t.mode === r.mode && t.precision === r.precision && t.batch === r.batch);
    const ratio = r.speedVsPytorch === null ? '–' : `${r.speedVsPytorch.toFixed(2)}x`;
    const memory = torch === undefined ? '–' : `${(r.peakRssMb / torch.peakRssMb).toFixed(2)}x`;
    rows.push(
      `| ${r.mode} | ${r.precision === 'binary' ? '1W/1A' : 'float'} | ${r.batch} | ${r.backend} | ${r.imagesPerSecond.toFixed(2)} | ${ratio} | ${r.medianStepSeconds.toFixed(3)} | ${r.steps} | ${r.peakRssMb.toFixed(0)} | ${memory} |`,
    );
  }
  const fmt = (l: number[]): string => l.map((v) => v.toFixed(2)).join(' / ');
  return [
    `Command: \`${command}\``,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; load average (1/5/15 min) at start ${fmt(load.start)}, at end ${fmt(load.end)}.`,
    '',
    ...rows,
    '',
  ].join('\n');
}

const command = `npx tsx bench/backends.ts ${process.argv.slice(2).join(' ')}`.trim();
const load = { start: loadavg(), end: [] as number[] };
const results: Result[] = [];
for (const mode of modes) {
  for (const precision of precisions) {
    for (const batch of batches) results.push(...(await measure(mode, precision, batch)));
  }
}
load.end = loadavg();
mkdirSync(options.out, { recursive: true });
const report = markdown(results, command, load);
writeAtomically(join(options.out, 'backends.json'), `${JSON.stringify({ command, date: new Date().toISOString(), load, results }, null, 2)}\n`);
writeAtomically(join(options.out, 'backends.md'), report);
process.stdout.write(report);
log(`wrote ${join(options.out, 'backends.json')} and backends.md`);
