import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { idxBytes } from '../../test/idx-fixtures.js';
import { FASHION_MNIST_CLASSES } from '../constants.js';
import { computeNormalization } from '../dataset.js';
import { FASHION_MNIST_DEFAULT_DIR, readFashionMnist } from './fashion-mnist.js';
import { readIdxFolder } from './reader.js';

let folder: string;

/** Writes a 3-train / 2-test IDX dataset of 2x3 images (image i filled with i + 1), gzipped or not. */
async function writeIdxDataset(gzip: boolean, trainLabels = [0, 2, 1]): Promise<void> {
  const write = (name: string, bytes: Uint8Array): Promise<void> =>
    writeFile(join(folder, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  const images = (count: number, first: number): number[] => Array.from({ length: count * 6 }, (_, i) => first + Math.floor(i / 6) + 1);
  await write('train-images-idx3-ubyte', idxBytes([3, 2, 3], images(3, 0)));
  await write('train-labels-idx1-ubyte', idxBytes([3], trainLabels));
  await write('t10k-images-idx3-ubyte', idxBytes([2, 2, 3], images(2, 3)));
  await write('t10k-labels-idx1-ubyte', idxBytes([2], [1, 1]));
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'signflow-idxdir-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readIdxFolder', () => {
  it.each([false, true])('reads an MNIST-style folder (gzip: %s)', async (gzip) => {
    await writeIdxDataset(gzip);
    const dataset = await readIdxFolder(folder);
    expect(dataset.imageShape).toEqual([2, 3, 1]);
    expect(dataset.sizes).toEqual({ train: 3, test: 2 });
    expect(Array.from(dataset.splits.train.labels)).toEqual([0, 2, 1]);
    expect(Array.from(dataset.splits.test.images.subarray(6, 12))).toEqual([5, 5, 5, 5, 5, 5]);
    expect(dataset.classNames).toEqual(['0', '1', '2']);
    // Train pixels 1, 2, 3 (six each): mean 2/255, population std sqrt(2/3)/255.
    expect(dataset.normalization.mean[0]).toBeCloseTo(2 / 255, 10);
    expect(dataset.normalization.std[0]).toBeCloseTo(Math.sqrt(2 / 3) / 255, 10);
  });

  it('says which file is missing and when the files do not belong together', async () => {
    await expect(readIdxFolder(folder)).rejects.toThrow(`${folder}: has neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte`);
    await writeIdxDataset(false, [0, 1]);
    await writeFile(join(folder, 'train-labels-idx1-ubyte'), idxBytes([2], [0, 1]));
    await expect(readIdxFolder(folder)).rejects.toThrow(
      `${join(folder, 'train-labels-idx1-ubyte')}: holds 2 labels for the 3 images of ${join(folder, 'train-images-idx3-ubyte')}`,
    );
  });

  it('rejects a file with a bad magic number, naming it', async () => {
    await writeIdxDataset(true);
    await writeFile(join(folder, 't10k-images-idx3-ubyte.gz'), gzipSync(Buffer.from('PK\x03\x04 a zip file')));
    await expect(readIdxFolder(folder)).rejects.toThrow(`${join(folder, 't10k-images-idx3-ubyte.gz')}: starts with 50 4b 03 04, not an IDX magic number`);
  });
});

describe('readFashionMnist', () => {
  it('says how to install it when it is missing', async () => {
    await expect(readFashionMnist(join(folder, 'nowhere'))).rejects.toThrow(
      /nowhere: Fashion-MNIST is not there: install it with `apt-get install dataset-fashion-mnist` \(Debian, Ubuntu\), or pass a folder/,
    );
  });

  // Runs where the Debian package dataset-fashion-mnist is installed.
  it.skipIf(!existsSync(FASHION_MNIST_DEFAULT_DIR))('reads the 60,000 + 10,000 images of the Debian package', async () => {
    const dataset = await readFashionMnist();
    expect(dataset.sizes).toEqual({ train: 60000, test: 10000 });
    expect(dataset.imageShape).toEqual([28, 28, 1]);
    expect(dataset.classNames).toEqual(FASHION_MNIST_CLASSES);
    const perClass = (labels: Int32Array): number[] => labels.reduce((counts, l) => (counts[l]++, counts), new Array<number>(10).fill(0));
    expect(perClass(dataset.splits.train.labels)).toEqual(new Array(10).fill(6000));
    expect(perClass(dataset.splits.test.labels)).toEqual(new Array(10).fill(1000));
    // Published statistics of the training set: mean 0.286041, std 0.353024.
    const { mean, std } = computeNormalization(dataset.splits.train.images, 1);
    expect(mean[0]).toBeCloseTo(0.286041, 5);
    expect(std[0]).toBeCloseTo(0.353024, 5);
  });
});
