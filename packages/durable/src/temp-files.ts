import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_FILE_PATTERN } from './durable-write.js';

/**
 * Removes the temporary files that writes killed part-way left under `dir` (recursively), and
 * returns their paths. Only files named as this package names them are touched. Call it while
 * holding the folder's lock, so that no live writer's temporary file is removed.
 */
export function removeTempFiles(dir: string): string[] {
  const removed: string[] = [];
  const visit = (folder: string) => {
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
