import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { folderId, rootLabels, uniqueId } from './ids.js';

/** A run directory found under a root. */
export interface FoundRun {
  readonly id: string;
  /** Absolute or as-given path of the directory. */
  readonly dir: string;
  /** The benchmark it belongs to (its id), for runs inside a bench output folder. */
  readonly bench?: string;
  /** Its folder name (a bench run's hash). */
  readonly name: string;
}

/** A benchmark output folder found under a root. */
export interface FoundBench {
  readonly id: string;
  readonly dir: string;
}

/** What {@link scanRoots} found. */
export interface ScanResult {
  readonly runs: readonly FoundRun[];
  readonly benches: readonly FoundBench[];
}

/** How deep below a root run directories are looked for (runs/, bench/<grid>/runs/<hash> and a few levels of grouping). */
const MAX_DEPTH = 6;

/** Folders never descended into: they hold no runs, and node_modules can be huge. */
const SKIPPED = new Set(['node_modules', 'checkpoints', 'plots', '.git']);

/** A folder is a run directory when it holds the resolved config and anything a run writes. */
function isRunDir(names: ReadonlySet<string>): boolean {
  return names.has('config.json') && ['epochs.jsonl', 'run.log', 'checkpoints', 'summary.json'].some((n) => names.has(n));
}

async function listFolder(dir: string): Promise<{ files: Set<string>; dirs: string[] }> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return {
      files: new Set(entries.map((e) => e.name)),
      dirs: entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED.has(e.name)).map((e) => e.name).sort(),
    };
  } catch {
    // A folder removed while scanning, or unreadable: it holds nothing to show.
    return { files: new Set(), dirs: [] };
  }
}

/**
 * Finds the run directories and benchmark folders under `roots` (a root may itself be a run or a
 * benchmark). Symbolic links are not followed, so the scan stays inside the roots. Ids are
 * derived from the paths, so they stay the same from one scan to the next.
 */
export async function scanRoots(roots: readonly string[]): Promise<ScanResult> {
  const runs: FoundRun[] = [];
  const benches: FoundBench[] = [];
  const taken = new Set<string>();
  const labels = rootLabels(roots);

  const visit = async (label: string, dir: string, parts: string[], depth: number): Promise<void> => {
    const { files, dirs } = await listFolder(dir);
    if (files.has('grid.json')) {
      const benchId = uniqueId(folderId(label, parts), taken);
      benches.push({ id: benchId, dir });
      const inside = await listFolder(join(dir, 'runs'));
      for (const hash of inside.dirs) {
        runs.push({ id: uniqueId(folderId(label, [...parts, 'runs', hash]), taken), dir: join(dir, 'runs', hash), bench: benchId, name: hash });
      }
      return;
    }
    if (isRunDir(files)) {
      runs.push({ id: uniqueId(folderId(label, parts), taken), dir, name: parts.at(-1) ?? label });
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const name of dirs) await visit(label, join(dir, name), [...parts, name], depth + 1);
  };

  for (const [i, root] of roots.entries()) await visit(labels[i], root, [], 0);
  return { runs, benches };
}
