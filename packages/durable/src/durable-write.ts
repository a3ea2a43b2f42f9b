import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { faultPoint } from './fault-injection.js';

/** The suffix of temporary files this package writes: `<file>.<pid>.<8 hex>.tmp`. */
export const TEMP_FILE_PATTERN = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes `data` to `path` atomically and durably: into a temporary file in the same folder,
 * flushed to disk, renamed over the target, then the folder itself flushed so that the rename
 * survives a power cut. A reader never sees a half-written file; a crash leaves the old file or
 * the new one. Creates the folder if needed. A failed write removes its temporary file and leaves
 * the target as it was.
 */
export function writeFileDurable(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  // Unique per call, so that two writers of one path never share a temporary file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    faultPoint('temporary file written, not renamed', path);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(path));
  faultPoint('renamed into place', path);
}

/**
 * Appends `text` (whole lines) to `path` and flushes it to disk before returning (creating the
 * file and its folder if needed). A crash can leave a prefix of `text` at the end of the file:
 * readers of append-only logs drop an unterminated last line ({@link completeLines}), and the
 * next append cuts it off before writing, so it never runs into the next line.
 */
export function appendFileDurable(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const bytes = Buffer.from(text);
  const fd = openSync(path, 'a+');
  try {
    dropUnterminatedTail(fd);
    const half = Math.floor(bytes.byteLength / 2);
    writeAll(fd, bytes.subarray(0, half));
    fsyncSync(fd);
    faultPoint('half of an append written', path);
    writeAll(fd, bytes.subarray(half));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  faultPoint('append written', path);
}

/** Truncates an append-only file after its last newline: what a crash mid-append left is removed. */
function dropUnterminatedTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return;
  // Scan back in blocks for the last newline (lines are short; a block or two suffices).
  const block = Buffer.alloc(4096);
  for (let end = size; end > 0; end -= block.length) {
    const start = Math.max(0, end - block.length);
    const n = readSync(fd, block, 0, end - start, start);
    const at = block.subarray(0, n).lastIndexOf(0x0a);
    if (at >= 0) return ftruncateSync(fd, start + at + 1);
  }
  ftruncateSync(fd, 0);
}

/** Creates `path` and its parents, and flushes the new entry into its parent folder. */
export function makeDirectoryDurable(path: string): void {
  const created = mkdirSync(path, { recursive: true });
  if (created !== undefined) fsyncDirectory(dirname(path));
}

/**
 * The complete lines of an append-only log's text: a last line without its newline is what a
 * crash in the middle of an append leaves, and is dropped.
 */
export function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop(); // the part after the last newline: empty, or an append cut short
  return lines.filter((line) => line.trim() !== '');
}

/** Flushes a folder's entries (renames, new files) to disk. */
export function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
}
