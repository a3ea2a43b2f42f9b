import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` atomically and durably: to a temporary file in the same folder, flushed
 * to disk, then renamed over the target. A reader never sees a half-written file, and a crash of
 * the process or of the machine leaves either the old file or the new one, never a truncated one.
 * Creates the folder if needed; a failed write removes its temporary file and leaves the target
 * as it was.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  // Unique per call, so that two writers of one path never share a temporary file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let written = 0;
      while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
      // Without the flush, a power loss after the rename can leave an empty file at `path`.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * {@link writeFileAtomicSync} for promise-based code, with the same guarantees: settles once the
 * file is in place, and rejects with the error of a failed write.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  writeFileAtomicSync(path, data);
}
