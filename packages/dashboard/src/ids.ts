import { basename, resolve } from 'node:path';

/** Characters kept in an id segment; anything else becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._-]+/g;

function segment(name: string): string {
  const safe = name.replace(UNSAFE, '_');
  // A leading dot would make `.` or `..` possible, and hidden files on a static host.
  return safe.replace(/^\.+/, (dots) => '_'.repeat(dots.length)) || '_';
}

/**
 * Labels for the roots being served: their folder names, made unique with `-2`, `-3`, … so that
 * two roots called `runs` do not share ids.
 */
export function rootLabels(roots: readonly string[]): string[] {
  const used = new Map<string, number>();
  return roots.map((root) => {
    const base = segment(basename(resolve(root)) || 'root');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/**
 * The id of a folder `parts` (path segments below its root): the root's label and the segments,
 * each made file-name-safe, joined with `~`. Ids name files of a static site and parts of URLs,
 * so they never contain `/`, `%` or a leading dot.
 */
export function folderId(rootLabel: string, parts: readonly string[]): string {
  return [rootLabel, ...parts.map(segment)].join('~');
}

/** Makes `id` unique among `taken` (adds `-2`, `-3`, …), records it, and returns it. */
export function uniqueId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let i = 2; taken.has(candidate); i++) candidate = `${id}-${i}`;
  taken.add(candidate);
  return candidate;
}
