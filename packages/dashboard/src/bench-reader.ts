import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult } from './contract/types.js';
import { signatureOf } from './run-reader.js';

/** The files of a benchmark folder whose changes change the page. */
export const BENCH_FILES = ['grid.json', 'results.jsonl'] as const;

/** What was read from a benchmark output folder. */
export interface BenchSnapshot {
  readonly signature: string;
  readonly name: string;
  readonly description?: string;
  readonly axes: Readonly<Record<string, readonly unknown[]>>;
  /** The result lines, without the page's additions (dataset, backbone, runId). */
  readonly results: readonly BenchResult[];
  readonly error?: string;
}

interface GridFile {
  readonly spec?: { readonly name?: unknown; readonly description?: unknown; readonly axes?: unknown };
}

/** The result fields the page shows; everything else in a line (versions, paths) stays on disk. */
function pickResult(raw: Record<string, unknown>): BenchResult {
  const num = (key: string) => (typeof raw[key] === 'number' || raw[key] === null ? { [key]: raw[key] } : {});
  return {
    hash: String(raw.hash),
    axes: typeof raw.axes === 'object' && raw.axes !== null ? (raw.axes as Record<string, unknown>) : {},
    status: raw.status === 'completed' ? 'completed' : 'failed',
    ...(typeof raw.error === 'string' ? { error: raw.error } : {}),
    ...num('bestTop1'),
    ...num('lastTop1'),
    ...num('meanEstimatingError'),
    ...num('totalGradientInstability'),
    ...num('imagesPerSecond'),
    ...num('wallSeconds'),
  } as BenchResult;
}

/** Reads `grid.json` and `results.jsonl`; a damaged file is reported, never thrown. */
export async function readBench(dir: string): Promise<BenchSnapshot> {
  const { signature } = await signatureOf(dir, BENCH_FILES);
  const errors: string[] = [];
  let grid: GridFile = {};
  try {
    grid = JSON.parse(await readFile(join(dir, 'grid.json'), 'utf8')) as GridFile;
  } catch (error) {
    errors.push(`grid.json cannot be read (${(error as Error).message})`);
  }
  const results: BenchResult[] = [];
  let text = '';
  try {
    text = await readFile(join(dir, 'results.jsonl'), 'utf8');
  } catch {
    // No result yet: the grid's first run is in progress.
  }
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const raw = JSON.parse(line) as unknown;
      if (typeof raw !== 'object' || raw === null || typeof (raw as { hash?: unknown }).hash !== 'string') throw new Error('not a result object');
      results.push(pickResult(raw as Record<string, unknown>));
    } catch (error) {
      errors.push(`results.jsonl line ${index + 1} is not a result line (${(error as Error).message})`);
    }
  });
  const spec = grid.spec ?? {};
  const axes = typeof spec.axes === 'object' && spec.axes !== null ? (spec.axes as Record<string, unknown[]>) : {};
  return {
    signature,
    name: typeof spec.name === 'string' ? spec.name : dir,
    ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
    axes,
    results,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
  };
}
