import { describe, expect, it } from 'vitest';
import { expectedRecords, pixel } from '../../test/cifar10-fixtures.js';
import { countCifar10Records, decodeCifar10Records } from './binary.js';

describe('decodeCifar10Records', () => {
  it('interleaves the R, G, B planes of each record into HWC pixels', () => {
    const bytes = expectedRecords([6, 9]);
    const images = new Uint8Array(3 * 3072);
    const labels = new Int32Array(3);
    decodeCifar10Records(bytes, 'two.bin', images, labels, 1);
    expect(Array.from(labels)).toEqual([0, 6, 9]);
    // Record r, channel c, row y, column x lands at ((at + r) * 1024 + y * 32 + x) * 3 + c.
    for (const [r, y, x, c] of [[0, 0, 0, 0], [0, 0, 1, 2], [1, 31, 31, 1], [1, 7, 20, 2]]) {
      expect(images[((1 + r) * 1024 + y * 32 + x) * 3 + c]).toBe(pixel(r, c, y * 32 + x));
    }
    expect(images.subarray(0, 3072).every((v) => v === 0)).toBe(true);
  });

  it('rejects a label byte above 9, naming the record', () => {
    const bytes = expectedRecords([1, 2]);
    bytes[3073] = 12;
    expect(() => decodeCifar10Records(bytes, 'bad.bin', new Uint8Array(2 * 3072), new Int32Array(2), 0)).toThrow(
      /^bad.bin: record 1 \(byte offset 3073\) has label 12, outside 0..9/,
    );
  });
});

describe('countCifar10Records', () => {
  it('counts whole records and rejects sizes that are not whole records', () => {
    expect(countCifar10Records(30_730_000, 'full.bin', 10_000)).toBe(10_000);
    expect(() => countCifar10Records(3073 * 2 - 5, 'cut.bin')).toThrow(
      /^cut.bin: holds 6141 bytes, which is not a positive multiple of the 3073-byte CIFAR-10 record: the file is truncated/,
    );
    expect(() => countCifar10Records(0, 'empty.bin')).toThrow(/empty.bin: holds 0 bytes/);
    expect(() => countCifar10Records(3073 * 9999, 'short.bin', 10_000)).toThrow(
      /short.bin: holds 9999 records where the official file holds 10000: it is truncated; run `signflow data fetch cifar10`/,
    );
  });
});
