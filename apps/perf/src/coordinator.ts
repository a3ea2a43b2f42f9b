/**
 * What every benchmark of this project shares: each contender (a tfjs backend, PyTorch) runs in
 * its own worker process, answering JSON-line commands with per-step timings, and for each
 * configuration the workers take turns round by round, so that a busy machine slows all of them
 * alike and the ratios between neighbours in time hold.
 *
 * Protocol (src/worker.ts, src/torch_worker.py):
 *   {"cmd":"setup", ...configuration, "warmup":N, "warmupSeconds":S}  ->  {"ready":true}
 *   {"cmd":"run","steps":N}                                           ->  {"seconds":[...]}
 *   {"cmd":"memory"}                                                  ->  {"peakRssMb":N}
 * Each worker first runs at least `warmup` steps and for at least `warmupSeconds`: a step reaches
 * its steady state — buffers pooled, JavaScript compiled by V8's optimising tier — only after a
 * while. Between two turns the coordinator waits `pauseMs`, so that one worker's leftover
 * background work (garbage collection after a large step, OpenMP threads still spinning) does not
 * land in the next worker's steps.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const sourceDir = dirname(fileURLToPath(import.meta.url));

/** The Python that runs the PyTorch worker: Debian's, which has python3-torch. */
export const PYTHON = '/usr/bin/python3';

/** The backend every speed and memory ratio is taken against. */
export const REFERENCE = 'pytorch';

/** Prints a timestamped progress line on stderr. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Whether PyTorch can run here; says why not, once, when it cannot. */
export function pytorchAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) log(`PyTorch skipped: ${PYTHON} cannot import torch (install it with \`apt-get install python3-torch\`).`);
  return probe.status === 0;
}

/** A worker process: a tfjs backend (`native`, `wasm`, `cpu`) or `pytorch`. */
export class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  /** The exit code once the process has exited (a worker that exits before a command would otherwise leave it waiting forever). */
  private exitCode: number | null | undefined = undefined;

  constructor(readonly backend: string) {
    this.child =
      backend === REFERENCE
        ? spawn(PYTHON, [join(sourceDir, 'torch_worker.py')], { cwd: sourceDir })
        : // Workspace packages resolve to their TypeScript sources, as in the tests.
          spawn(process.execPath, ['--conditions=@signflow/source', '--import', 'tsx', join(sourceDir, 'worker.ts'), backend], { cwd: sourceDir });
    this.child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text !== '' && !text.includes('tfjs-node') && !/^=+$/m.test(text)) log(`${backend}: ${text}`);
    });
    this.child.once('exit', (code) => {
      this.exitCode = code;
    });
    // Writing to a worker that has exited fails with EPIPE; `send` reports the exit instead.
    this.child.stdin.on('error', () => undefined);
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  /** Sends one command and waits for its reply; a reply with `error` throws. */
  async send(command: object): Promise<Record<string, unknown>> {
    const answer = new Promise<string>((resolveLine, reject) => {
      if (this.exitCode !== undefined) {
        reject(new Error(`${this.backend} worker exited with code ${this.exitCode} before it was sent ${JSON.stringify(command)}`));
        return;
      }
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

/** How one configuration is measured. */
export interface Protocol {
  /** Rounds in which every worker takes a turn. */
  readonly rounds: number;
  /** Warm-up steps and seconds (each a minimum) before measuring. */
  readonly warmup: number;
  readonly warmupSeconds: number;
  /** Milliseconds between two turns. */
  readonly pauseMs: number;
  /** Steps of one turn of `backend`. */
  stepsPerRound(backend: string): number;
  /** Rounds `backend` takes part in (at most `rounds`; slow backends may take fewer). */
  roundsFor(backend: string): number;
  /** Warm-up steps and seconds of `backend`, when they differ from the protocol's (slow backends). */
  warmupFor?(backend: string): { warmup: number; warmupSeconds: number };
}

/** A worker to start for one configuration: a backend and what it is set up with. */
export interface Contender {
  /** Unique within the configuration, e.g. `native` or `native reste`. */
  readonly id: string;
  /** `native`, `wasm`, `cpu` or `pytorch`. */
  readonly backend: string;
  /** The setup command's configuration. */
  readonly setup: Record<string, unknown>;
}

/** What one worker measured in one configuration. */
export interface Measurement {
  readonly id: string;
  readonly backend: string;
  readonly steps: number;
  readonly medianStepSeconds: number;
  /** Mean step time of each round this worker took part in. */
  readonly roundMeans: readonly number[];
  /** Whether every measured step ended with a finite result (a loss that diverged to NaN runs other code). */
  readonly finite: boolean;
  readonly peakRssMb: number;
}

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * How much faster `measured` ran than `baseline`: the median over rounds of the baseline's mean
 * step time divided by the measured one's, within each round (so that the drift of a shared
 * machine between rounds cancels); null unless both took part in the same rounds.
 */
export function speedRatio(measured: Measurement | undefined, baseline: Measurement | undefined): number | null {
  if (measured === undefined || baseline === undefined || measured.roundMeans.length !== baseline.roundMeans.length) return null;
  return median(measured.roundMeans.map((t, i) => (baseline.roundMeans[i] as number) / t));
}

/**
 * Measures one configuration on fresh workers, one per contender, interleaved round by round
 * with the order rotating, and closes them.
 */
export async function measure(contenders: readonly Contender[], protocol: Protocol, label: string): Promise<Measurement[]> {
  const workers = contenders.map((c) => ({ contender: c, worker: new Worker(c.backend), seconds: [] as number[], roundMeans: [] as number[], finite: true }));
  try {
    for (const { contender, worker } of workers) {
      log(`${label}: setting up ${contender.id}`);
      const warm = protocol.warmupFor?.(contender.backend) ?? { warmup: protocol.warmup, warmupSeconds: protocol.warmupSeconds };
      await worker.send({ cmd: 'setup', ...contender.setup, ...warm });
    }
    for (let round = 0; round < protocol.rounds; round++) {
      // Rotate the order so no worker always runs right after the same neighbour.
      const order = workers.map((_, i) => workers[(i + round) % workers.length] as (typeof workers)[number]);
      for (const entry of order) {
        if (round >= protocol.roundsFor(entry.contender.backend)) continue;
        await new Promise((done) => setTimeout(done, protocol.pauseMs));
        const reply = await entry.worker.send({ cmd: 'run', steps: protocol.stepsPerRound(entry.contender.backend) });
        const times = reply['seconds'] as number[];
        entry.seconds.push(...times);
        entry.roundMeans.push(times.reduce((p, q) => p + q, 0) / times.length);
        if (reply['finite'] === false) entry.finite = false;
        log(`${label} round ${round + 1}: ${entry.contender.id} ${times.map((t) => t.toFixed(3)).join(' ')} s/step`);
      }
    }
    const results: Measurement[] = [];
    for (const { contender, worker, seconds, roundMeans, finite } of workers) {
      const memory = await worker.send({ cmd: 'memory' });
      results.push({
        id: contender.id,
        backend: contender.backend,
        steps: seconds.length,
        medianStepSeconds: median(seconds),
        roundMeans,
        finite,
        peakRssMb: memory['peakRssMb'] as number,
      });
    }
    return results;
  } finally {
    for (const { worker } of workers) worker.close();
  }
}

/** Writes `text` to `path` through a temporary file and a rename. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** The machine and its load, for the report's header. */
export function machineLine(load: { start: readonly number[]; end: readonly number[] }): string {
  const fmt = (l: readonly number[]): string => l.map((v) => v.toFixed(2)).join(' / ');
  return `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; load average (1/5/15 min) at start ${fmt(load.start)}, at end ${fmt(load.end)}.`;
}

/** An output folder given on the command line, relative to where npm was run (not apps/perf). */
export function outputFolder(given: string): string {
  return resolve(process.env['INIT_CWD'] ?? process.cwd(), given);
}

/** A comma-separated option as a list, each item checked against `allowed` when given. */
export function list(value: string, name: string, allowed?: readonly string[]): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const item of items) {
    if (allowed !== undefined && !allowed.includes(item)) throw new Error(`--${name}: '${item}' is not one of ${allowed.join(', ')}`);
  }
  return items;
}

/** A comma-separated option of positive integers. */
export function positiveInts(value: string, name: string): number[] {
  return list(value, name).map((item) => {
    const n = Number(item);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: '${item}' is not a positive integer`);
    return n;
  });
}

/** A non-negative number option. */
export function nonNegative(value: string, name: string): number {
  const n = Number(value);
  if (!(n >= 0)) throw new Error(`--${name}: '${value}' is not a non-negative number`);
  return n;
}
