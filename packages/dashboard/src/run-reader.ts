import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { EpochLogError, parseEpochLog, type EpochRecord } from '@signflow/metrics/specs';
import type { RunStatus } from './contract/types.js';

/** Files whose changes change what the page shows of a run (besides its checkpoints: {@link checkpointSignature}). */
const WATCHED = ['config.json', 'epochs.jsonl', 'summary.json', 'run.log'] as const;

/** What was read from a run directory at one moment. */
export interface RunSnapshot {
  /** Sizes and modification times of the watched files: equal signatures, equal contents. */
  readonly signature: string;
  /** Latest modification time of the watched files (ms). */
  readonly updated: number;
  readonly config: Readonly<Record<string, unknown>> | null;
  readonly records: readonly EpochRecord[];
  /** Whether summary.json says the run completed. */
  readonly completed: boolean;
  /** The backend summary.json names. */
  readonly summaryBackend?: string;
  /** What is wrong with the directory (bad config.json, a malformed epoch-log line). */
  readonly error?: string;
  /** The folder of the latest checkpoint's model.json and weights.bin, checked to lie inside the run directory. */
  readonly modelDir: string | null;
}

/** A run with no new line for this long is shown as incomplete rather than running. */
export const RUNNING_WINDOW_MS = 10 * 60 * 1000;

/** The signature of a run directory's watched files and latest checkpoint (cheap: a few stats and a listing). */
export async function runSignature(dir: string): Promise<{ signature: string; updated: number }> {
  const [files, checkpoint] = await Promise.all([signatureOf(dir, WATCHED), checkpointSignature(dir)]);
  return { signature: `${files.signature}|${checkpoint}`, updated: files.updated };
}

/** Sizes and modification times of `files` in `dir` (`-` for a missing one), and the latest time. */
export async function signatureOf(dir: string, files: readonly string[]): Promise<{ signature: string; updated: number }> {
  let updated = 0;
  const parts = await Promise.all(
    files.map(async (file) => {
      try {
        const s = await stat(join(dir, file));
        updated = Math.max(updated, s.mtimeMs);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    }),
  );
  return { signature: parts.join('|'), updated };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Parses an epoch log, keeping the epochs before a malformed line and naming that line. A last
 * line without its newline is one being written: it is left for the next read.
 */
export function parseLogLeniently(text: string, source: string): { records: EpochRecord[]; error?: string } {
  const complete = text.endsWith('\n') || text.trim() === '' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  try {
    return { records: parseEpochLog(complete, source) };
  } catch (error) {
    if (!(error instanceof EpochLogError)) throw error;
    const before = complete.split('\n').slice(0, error.line - 1).join('\n');
    return { records: parseEpochLog(before, source), error: error.message };
  }
}

function parseConfig(text: string | undefined): { config: Record<string, unknown> | null; error?: string } {
  if (text === undefined) return { config: null, error: 'config.json is missing or unreadable' };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { config: null, error: 'config.json is not a JSON object' };
    return { config: value as Record<string, unknown> };
  } catch (error) {
    return { config: null, error: `config.json is not valid JSON (${(error as Error).message})` };
  }
}

/** Checkpoint folders as the trainer names them, `ckpt-<sequence>-e<epoch>-s<step>`; the sequence orders them. */
const CHECKPOINT_NAME = /^ckpt-\d{6}-e\d+-s\d+$/;
/** The file the trainer writes last into a checkpoint folder: its presence marks the checkpoint finished. */
const CHECKPOINT_MANIFEST = 'manifest.json';
/** Checkpoints written by signflow 0.1: `checkpoints/latest` names a `ckpt-e<epoch>-s<step>` folder. */
const LEGACY_NAME = /^ckpt-e\d+-s\d+$/;

async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** The newest finished checkpoint folder's name (or a 0.1 run's `latest`), without checking its files. */
async function latestCheckpointName(dir: string): Promise<string | undefined> {
  const names = (await listNames(join(dir, 'checkpoints'))).filter((n) => CHECKPOINT_NAME.test(n)).sort().reverse();
  for (const name of names) {
    if ((await stat(join(dir, 'checkpoints', name, CHECKPOINT_MANIFEST)).catch(() => null)) !== null) return name;
  }
  const legacy = (await readText(join(dir, 'checkpoints', 'latest')))?.trim();
  return legacy !== undefined && LEGACY_NAME.test(legacy) ? legacy : undefined;
}

/**
 * What of the checkpoints matters to the page: the newest finished one and when its manifest was
 * written (a folder appears before it is finished; its manifest comes last).
 */
export async function checkpointSignature(dir: string): Promise<string> {
  const name = await latestCheckpointName(dir);
  if (name === undefined) return '-';
  const manifest = await stat(join(dir, 'checkpoints', name, CHECKPOINT_MANIFEST)).catch(() => null);
  return `${name}:${manifest?.mtimeMs ?? 'legacy'}`;
}

/**
 * The latest checkpoint's folder when it holds a model, resolved through symbolic links and
 * accepted only inside the run directory, so that a crafted `checkpoints/latest` or a link never
 * makes the server read files elsewhere. Digests are not checked here (the trainer does that when
 * it resumes); a model that does not load says so in the page.
 */
async function latestModelDir(dir: string): Promise<string | null> {
  const name = await latestCheckpointName(dir);
  if (name === undefined) return null;
  try {
    const runReal = await realpath(dir);
    const modelReal = await realpath(join(dir, 'checkpoints', name));
    if (!modelReal.startsWith(runReal + sep)) return null;
    for (const file of ['model.json', 'weights.bin']) {
      const real = await realpath(join(modelReal, file));
      if (!real.startsWith(runReal + sep) || !(await stat(real)).isFile()) return null;
    }
    return modelReal;
  } catch {
    return null;
  }
}

/** `dir/name` resolved through symbolic links when it is a file inside `dir`, else null. */
export async function fileInside(dir: string, name: string): Promise<string | null> {
  try {
    const root = await realpath(dir);
    const real = await realpath(join(dir, name));
    return real.startsWith(root + sep) && (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Reads a run directory: its config, epoch log, summary and latest model. Never throws for a damaged run; it reports it. */
export async function readRun(dir: string): Promise<RunSnapshot> {
  const { signature, updated } = await runSignature(dir);
  const { config, error: configError } = parseConfig(await readText(join(dir, 'config.json')));
  const logText = await readText(join(dir, 'epochs.jsonl'));
  const log = logText === undefined ? { records: [] } : parseLogLeniently(logText, 'epochs.jsonl');
  const summaryText = await readText(join(dir, 'summary.json'));
  let summary: { status?: unknown; backend?: unknown } = {};
  try {
    if (summaryText !== undefined) summary = JSON.parse(summaryText) as typeof summary;
  } catch {
    // A summary being rewritten; the next change brings the whole file.
  }
  return {
    signature,
    updated,
    config,
    records: log.records,
    completed: summary.status === 'completed',
    ...(typeof summary.backend === 'string' ? { summaryBackend: summary.backend } : {}),
    ...(configError !== undefined || log.error !== undefined ? { error: [configError, log.error].filter(Boolean).join('; ') } : {}),
    modelDir: await latestModelDir(dir),
  };
}

/** The status shown for a snapshot at time `now`. */
export function runStatus(snapshot: RunSnapshot, now: number): RunStatus {
  if (snapshot.error !== undefined) return 'error';
  if (snapshot.completed) return 'complete';
  return now - snapshot.updated < RUNNING_WINDOW_MS ? 'running' : 'incomplete';
}
