import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedRecords } from '../test/cifar10-fixtures.js';
import { idxBytes } from '../test/idx-fixtures.js';
import { CIFAR10_NORMALIZATION } from './constants.js';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar10/format.js';
import { listDatasets, loadDataset } from './load.js';

let root: string;

async function writeCifar(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const file of [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES]) await writeFile(join(folder, file), expectedRecords([1]));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'signflow-load-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadDataset', () => {
  it('recognises a CIFAR-10 binary folder, also inside cifar-10-batches-bin, and applies overrides', async () => {
    await writeCifar(join(root, 'cifar-10-batches-bin'));
    const dataset = await loadDataset(root, { normalization: CIFAR10_NORMALIZATION });
    expect(dataset.name).toBe('cifar10');
    expect(dataset.sizes).toEqual({ train: 5, test: 1 });
    expect(dataset.normalization).toEqual(CIFAR10_NORMALIZATION);
  });

  it('recognises an IDX folder and an image folder', async () => {
    const idx = join(root, 'digits');
    await mkdir(idx);
    await writeFile(join(idx, 'train-images-idx3-ubyte'), idxBytes([1, 2, 2], [1, 2, 3, 4]));
    await writeFile(join(idx, 'train-labels-idx1-ubyte'), idxBytes([1], [0]));
    await writeFile(join(idx, 't10k-images-idx3-ubyte'), idxBytes([1, 2, 2], [4, 3, 2, 1]));
    await writeFile(join(idx, 't10k-labels-idx1-ubyte'), idxBytes([1], [0]));
    expect((await loadDataset(idx)).imageShape).toEqual([2, 2, 1]);

    const images = join(root, 'photos');
    const png = pngjs.PNG.sync.write(new pngjs.PNG({ width: 3, height: 3 }));
    for (const split of ['train', 'val']) {
      await mkdir(join(images, split, 'only'), { recursive: true });
      await writeFile(join(images, split, 'only', 'x.png'), png);
    }
    const dataset = await loadDataset(images, { imageFolder: { storeSize: 3, cropSize: 2 } });
    expect(dataset.name).toBe('photos');
    expect(dataset.imageShape).toEqual([3, 3, 3]);
  });

  it('says to fetch CIFAR-10 when the cache lacks it, and checks the cached files are complete', async () => {
    await expect(loadDataset('cifar10', { dataDir: root })).rejects.toThrow(
      `${join(root, 'cifar10')}: CIFAR-10 is not there (missing data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, ` +
        'data_batch_4.bin, data_batch_5.bin, test_batch.bin): run `signflow data fetch cifar10`',
    );
    await writeCifar(join(root, 'cifar10'));
    await expect(loadDataset('cifar10', { dataDir: root })).rejects.toThrow(/holds 1 records where the official file holds 10000/);
  });

  it('rejects an unknown name and a folder that holds no dataset', async () => {
    await expect(loadDataset('cifar100')).rejects.toThrow(
      'cifar100: is neither a dataset name (mnist, fashion-mnist, cifar10) nor an existing folder',
    );
    await expect(loadDataset(root)).rejects.toThrow(`${root}: is not a dataset folder: expected CIFAR-10 binary files`);
  });
});

describe('listDatasets', () => {
  it('lists the named datasets with their sizes and whether they are there', async () => {
    const list = listDatasets({ dataDir: root, fashionMnistDir: join(root, 'none') });
    expect(list.map((d) => [d.name, d.sizes.train, d.sizes.test, d.available])).toEqual([
      ['mnist', 7996, 2004, true],
      ['fashion-mnist', 60000, 10000, false],
      ['cifar10', 50000, 10000, false],
    ]);
    await writeCifar(join(root, 'cifar10'));
    expect(listDatasets({ dataDir: root }).find((d) => d.name === 'cifar10')?.available).toBe(true);
  });
});
