import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../src/index.js';

// Spies on the real functions, to check the order of the flush and the rename.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, fsyncSync: vi.fn(actual.fsyncSync), renameSync: vi.fn(actual.renameSync) };
});

const root = mkdtempSync(join(tmpdir(), 'signflow-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.clearAllMocks());

describe('writeFileAtomicSync', () => {
  it('writes strings and bytes, creating the folder, and replaces an existing file', () => {
    const text = join(root, 'new', 'folder', 'a.json');
    writeFileAtomicSync(text, '{"é": 1}');
    expect(readFileSync(text, 'utf8')).toBe('{"é": 1}');
    writeFileAtomicSync(text, 'replaced');
    expect(readFileSync(text, 'utf8')).toBe('replaced');
    const bytes = join(root, 'b.bin');
    writeFileAtomicSync(bytes, new Uint8Array([0, 255, 7]));
    expect([...readFileSync(bytes)]).toEqual([0, 255, 7]);
    expect(readdirSync(join(root, 'new', 'folder'))).toEqual(['a.json']); // no temporary file left
  });

  it('flushes the temporary file to disk before renaming it over the target', () => {
    const path = join(root, 'flushed.txt');
    writeFileAtomicSync(path, 'data');
    const fsync = vi.mocked(fs.fsyncSync);
    const rename = vi.mocked(fs.renameSync);
    expect(fsync).toHaveBeenCalledTimes(1);
    expect(rename).toHaveBeenCalledTimes(1);
    expect(rename.mock.calls[0][1]).toBe(path);
    expect(fsync.mock.invocationCallOrder[0]).toBeLessThan(rename.mock.invocationCallOrder[0]);
  });

  it('leaves the target and no temporary file behind when the rename fails', () => {
    const folder = join(root, 'failing');
    const target = join(folder, 'target');
    fs.mkdirSync(join(target, 'occupied'), { recursive: true }); // a non-empty folder cannot be renamed over
    writeFileSync(join(target, 'occupied', 'keep.txt'), 'old');
    expect(() => writeFileAtomicSync(target, 'new')).toThrow();
    expect(readdirSync(folder)).toEqual(['target']);
    expect(readFileSync(join(target, 'occupied', 'keep.txt'), 'utf8')).toBe('old');
  });
});

describe('writeFileAtomic', () => {
  it('resolves once the file is in place, and rejects when the write fails', async () => {
    const path = join(root, 'async', 'c.txt');
    await expect(writeFileAtomic(path, 'async')).resolves.toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('async');
    await expect(writeFileAtomic(join(root, 'async'), 'over a folder')).rejects.toThrow();
    expect(readdirSync(join(root, 'async'))).toEqual(['c.txt']);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
