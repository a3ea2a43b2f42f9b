import { mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedRecords, pixel } from '../../test/cifar10-fixtures.js';
import { IMAGENET_NORMALIZATION } from '../constants.js';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './format.js';
import { readCifar10Folder } from './reader.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'signflow-cifar-'));
  // Two records per file; file k uses salt k and labels k, 9 - k.
  for (const [k, file] of [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].entries()) {
    await writeFile(join(folder, file), expectedRecords([k, 9 - k], k));
  }
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readCifar10Folder', () => {
  it('reads the five training files in order and the test file, as 32x32x3 HWC', async () => {
    const dataset = await readCifar10Folder(folder);
    expect(dataset.sizes).toEqual({ train: 10, test: 2 });
    expect(dataset.imageShape).toEqual([32, 32, 3]);
    expect(Array.from(dataset.splits.train.labels)).toEqual([0, 9, 1, 8, 2, 7, 3, 6, 4, 5]);
    expect(Array.from(dataset.splits.test.labels)).toEqual([5, 4]);
    // Training image 7 is record 1 of data_batch_4.bin (salt 3): pixel (y 2, x 3), blue.
    expect(dataset.splits.train.images[(7 * 1024 + 2 * 32 + 3) * 3 + 2]).toBe(pixel(1, 2, 2 * 32 + 3, 3));
    expect(dataset.normalization).toEqual(IMAGENET_NORMALIZATION);
    expect(dataset.transforms.train).toEqual({ kind: 'random-crop', padding: 4, flip: true });
  });

  it('says which file is missing and how to get it', async () => {
    await unlink(join(folder, 'test_batch.bin'));
    await expect(readCifar10Folder(folder)).rejects.toThrow(
      `${join(folder, 'test_batch.bin')}: cannot be read: a CIFAR-10 binary folder holds data_batch_1..5.bin and test_batch.bin; run \`signflow data fetch cifar10\``,
    );
  });

  it('rejects a truncated file, and with officialSizes a file of fewer than 10,000 records', async () => {
    await truncate(join(folder, 'data_batch_2.bin'), 3073 + 100);
    await expect(readCifar10Folder(folder)).rejects.toThrow(`${join(folder, 'data_batch_2.bin')}: holds 3173 bytes`);
    await truncate(join(folder, 'data_batch_2.bin'), 3073);
    // Every fixture file is short of the official 10,000 records.
    await expect(readCifar10Folder(folder, { officialSizes: true })).rejects.toThrow(
      /_batch(_\d)?\.bin: holds [12] records where the official file holds 10000: it is truncated/,
    );
  });

  it('rejects a label byte above 9', async () => {
    const records = expectedRecords([1, 2]);
    records[0] = 10;
    await writeFile(join(folder, 'test_batch.bin'), records);
    await expect(readCifar10Folder(folder)).rejects.toThrow(`${join(folder, 'test_batch.bin')}: record 0 (byte offset 0) has label 10`);
  });
});
