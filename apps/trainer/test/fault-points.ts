import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli-helpers.js';

/** One point a durable write passes (see `SIGNFLOW_FAULT` in `@signflow/durable`). */
export interface FaultPoint {
  /** 1-based, in the order the process reaches them. */
  readonly index: number;
  readonly description: string;
  readonly path: string;
}

/** Runs `signflow args` with a trace of its fault points, which it returns with the result. */
export async function tracePoints(args: string[], traceFile: string): Promise<{ result: CliResult; points: FaultPoint[] }> {
  const result = await runCli(args, undefined, { SIGNFLOW_FAULT_TRACE: traceFile });
  const points = readFileSync(traceFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [index, ...rest] = line.split(' ');
      return { index: Number(index), description: rest.slice(0, -1).join(' '), path: rest[rest.length - 1] };
    });
  return { result, points };
}

/** Runs `signflow args` and kills it with SIGKILL at fault point `index`. */
export function killAt(args: string[], index: number): Promise<CliResult> {
  return runCli(args, undefined, { SIGNFLOW_FAULT: `kill@${index}` });
}

/** Every file under `dir`, recursively, relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile());
}

/** The records of an epoch log without their wall-clock fields, which differ from run to run. */
export function epochRecords(runDir: string): Record<string, unknown>[] {
  return readFileSync(join(runDir, 'epochs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { seconds: _s, imagesPerSecond: _i, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
}

/** The newest finished checkpoint folder of a run (the one with a manifest and the highest sequence). */
export function latestCheckpoint(runDir: string): string {
  const root = join(runDir, 'checkpoints');
  const finished = readdirSync(root)
    .filter((name) => name.startsWith('ckpt-') && existsSync(join(root, name, 'manifest.json')))
    .sort();
  if (finished.length === 0) throw new Error(`${runDir} has no finished checkpoint`);
  return join(root, finished[finished.length - 1]);
}

/** The weights of a run's latest checkpoint. */
export function latestWeights(runDir: string): Buffer {
  return readFileSync(join(latestCheckpoint(runDir), 'weights.bin'));
}

/** Runs `work` for each item, `concurrency` at a time. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}
