import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idxBytes } from '../../test/idx-fixtures.js';
import { parseIdx, readIdxFile } from './parse.js';

describe('parseIdx', () => {
  it('reads the dimensions (big-endian) and the values', () => {
    // 00 00 08 03 | 00 00 00 02 | 00 00 00 01 | 00 00 00 03 | 6 values
    const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 10, 20, 30, 40, 50, 60]);
    const { dims, data } = parseIdx(bytes, 'hand.idx');
    expect(dims).toEqual([2, 1, 3]);
    expect(Array.from(data)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(parseIdx(idxBytes([300], new Uint8Array(300)), 'x').dims).toEqual([300]);
  });

  it('rejects a bad magic number, another value type, and sizes that disagree with the file', () => {
    expect(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'a.gz')).toThrow(
      /^a.gz: starts with 1f 8b 08 00, not an IDX magic number \(00 00 <type> <dims>\)/,
    );
    expect(() => parseIdx(new Uint8Array(0), 'empty')).toThrow(/empty: starts with nothing/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), 'f.idx')).toThrow(
      /f.idx: holds IDX values of type 0x0d \(float32\); only unsigned-byte/,
    );
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2]), 'h.idx')).toThrow(/h.idx: is 8 bytes long, shorter than its own 16-byte header/);
    expect(() => parseIdx(idxBytes([2, 2, 2], new Uint8Array(8)).subarray(0, 20), 't.idx')).toThrow(
      /t.idx: its header announces 2 x 2 x 2 = 8 values but 4 bytes follow the 16-byte header: the file is truncated/,
    );
    expect(() => parseIdx(idxBytes([3], new Uint8Array(5)), 'long.idx')).toThrow(/announces 3 = 3 values but 5 bytes follow .* corrupt/);
  });
});

describe('readIdxFile', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'signflow-idx-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads gzipped and plain files alike', async () => {
    const bytes = idxBytes([4], [1, 2, 3, 4]);
    await writeFile(join(folder, 'plain'), bytes);
    await writeFile(join(folder, 'zipped.gz'), gzipSync(bytes));
    expect(await readIdxFile(join(folder, 'plain'))).toEqual(await readIdxFile(join(folder, 'zipped.gz')));
  });

  it('names a broken gzip file and a missing one', async () => {
    await writeFile(join(folder, 'broken.gz'), gzipSync(idxBytes([4], [1, 2, 3, 4])).subarray(0, 15));
    await expect(readIdxFile(join(folder, 'broken.gz'))).rejects.toThrow(`${join(folder, 'broken.gz')}: is not a valid gzip file`);
    await expect(readIdxFile(join(folder, 'none'))).rejects.toThrow(`${join(folder, 'none')}: cannot be read`);
  });
});
