import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKED_FILE } from './contract/paths.js';
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

/** A folder holding a packed export (`model.sfpk`). */
export interface FoundExport {
  readonly id: string;
  readonly dir: string;
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
  readonly exports: readonly FoundExport[];
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

/** A folder found by the walk, before ids are given out. */
type Found =
  | { readonly kind: 'run'; readonly dir: string; readonly parts: string[]; readonly bench?: readonly string[] }
  | { readonly kind: 'bench'; readonly dir: string; readonly parts: string[] }
  | { readonly kind: 'export'; readonly dir: string; readonly parts: string[] };

/** Walks one folder: a benchmark, a run, or a folder to look into (its subfolders walked in parallel, results kept in name order). */
async function walk(dir: string, parts: string[], depth: number): Promise<Found[]> {
  const { files, dirs } = await listFolder(dir);
  if (files.has('grid.json')) {
    const inside = await listFolder(join(dir, 'runs'));
    return [{ kind: 'bench', dir, parts }, ...inside.dirs.map((hash): Found => ({ kind: 'run', dir: join(dir, 'runs', hash), parts: [...parts, 'runs', hash], bench: parts }))];
  }
  if (isRunDir(files)) return [{ kind: 'run', dir, parts }];
  if (files.has(PACKED_FILE)) return [{ kind: 'export', dir, parts }];
  if (depth >= MAX_DEPTH) return [];
  return (await Promise.all(dirs.map((name) => walk(join(dir, name), [...parts, name], depth + 1)))).flat();
}

/**
 * Finds the run directories and benchmark folders under `roots` (a root may itself be a run or a
 * benchmark). Symbolic links are not followed, so the scan stays inside the roots. Ids are
 * derived from the paths, so they stay the same from one scan to the next.
 */
export async function scanRoots(roots: readonly string[]): Promise<ScanResult> {
  const runs: FoundRun[] = [];
  const benches: FoundBench[] = [];
  const exports: FoundExport[] = [];
  const taken = new Set<string>();
  const labels = rootLabels(roots);
  const found = await Promise.all(roots.map((root) => walk(root, [], 0)));
  found.forEach((entries, i) => {
    const benchIds = new Map<string, string>();
    for (const entry of entries) {
      if (entry.kind === 'export') {
        exports.push({ id: uniqueId(folderId(labels[i], entry.parts), taken), dir: entry.dir, name: entry.parts.at(-1) ?? labels[i] });
      } else if (entry.kind === 'bench') {
        const id = uniqueId(folderId(labels[i], entry.parts), taken);
        benchIds.set(entry.parts.join('/'), id);
        benches.push({ id, dir: entry.dir });
      } else {
        const bench = entry.bench === undefined ? undefined : benchIds.get(entry.bench.join('/'));
        runs.push({ id: uniqueId(folderId(labels[i], entry.parts), taken), dir: entry.dir, name: entry.parts.at(-1) ?? labels[i], ...(bench === undefined ? {} : { bench }) });
      }
    }
  });
  return { runs, benches, exports };
}
