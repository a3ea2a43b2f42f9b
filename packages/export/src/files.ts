import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes files into `dir` so that a reader never sees a half-written one: each file goes to a
 * temporary name in the same folder, then is renamed into place.
 */
export function writeFilesAtomically(dir: string, files: Record<string, Uint8Array | string>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${process.pid}`;
    try {
      writeFileSync(temp, content);
      renameSync(temp, path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    written.push(path);
  }
  return written;
}
