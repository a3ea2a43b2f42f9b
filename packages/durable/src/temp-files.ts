import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_FILE_PATTERN } from './durable-write.js';

/**
 * Removes the temporary files that writes killed part-way left under `dir` (recursively, except in
 * the subfolders named in `exclude`, which another lock guards), and returns their paths. Only
 * files named as this package names them are touched. Call it while holding the folder's lock,
 * so that no live writer's temporary file is removed.
 */
export function removeTempFiles(dir: string, options: { readonly exclude?: readonly string[] } = {}): string[] {
  const removed: string[] = [];
  const excluded = new Set((options.exclude ?? []).map((name) => join(dir, name)));
  const visit = (folder: string) => {
    if (excluded.has(folder)) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (TEMP_FILE_PATTERN.test(entry.name)) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    }
  };
  visit(dir);
  return removed;
}
