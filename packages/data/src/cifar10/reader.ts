import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { CIFAR_TRAIN_TRANSFORM, NO_TRANSFORM } from '../augment/transform.js';
import { IMAGENET_NORMALIZATION, CIFAR10_CLASSES } from '../constants.js';
import { createDataset, type Dataset, type DatasetOverrides, type LabeledImages } from '../dataset.js';
import { DatasetError } from '../errors.js';
import { countCifar10Records, decodeCifar10Records } from './binary.js';
import {
  CIFAR10_PLANE,
  CIFAR10_RECORDS_PER_FILE,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
} from './format.js';

/** Options of {@link readCifar10Folder}. */
export interface Cifar10ReadOptions extends DatasetOverrides {
  /** The dataset's name. Default `cifar10`. */
  readonly name?: string;
  /** Require the official 10,000 records per file (on for the fetched cache). Default false. */
  readonly officialSizes?: boolean;
}

async function readSplit(folder: string, files: readonly string[], officialSizes: boolean): Promise<LabeledImages> {
  const handles = [];
  try {
    for (const file of files) {
      const path = join(folder, file);
      handles.push(
        await open(path).catch((error: unknown) => {
          throw new DatasetError(
            'cannot be read: a CIFAR-10 binary folder holds data_batch_1..5.bin and test_batch.bin; ' +
              'run `signflow data fetch cifar10` to fetch them',
            path,
            { cause: error },
          );
        }),
      );
    }
    const counts = [];
    for (const [i, handle] of handles.entries()) {
      const { size } = await handle.stat();
      counts.push(countCifar10Records(size, join(folder, files[i]), officialSizes ? CIFAR10_RECORDS_PER_FILE : undefined));
    }
    const total = counts.reduce((a, b) => a + b, 0);
    const images = new Uint8Array(total * 3 * CIFAR10_PLANE);
    const labels = new Int32Array(total);
    let at = 0;
    for (const [i, handle] of handles.entries()) {
      const bytes = new Uint8Array(counts[i] * CIFAR10_RECORD_BYTES);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      if (bytesRead !== bytes.length) {
        throw new DatasetError(`changed while being read (${bytesRead} of ${bytes.length} bytes)`, join(folder, files[i]));
      }
      decodeCifar10Records(bytes, join(folder, files[i]), images, labels, at);
      at += counts[i];
    }
    return { images, labels };
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
  }
}

/**
 * Reads a folder in the official CIFAR-10 binary layout (`data_batch_1..5.bin` for training,
 * `test_batch.bin` for test) into 32x32x3 HWC images. Files of any whole number of records are
 * accepted unless `officialSizes` is set.
 *
 * Defaults: ImageNet normalisation, as the reference code (docs/method.md §7.5); training transform
 * zero-pad 4 + random crop 32 + horizontal flip; evaluation transform none.
 *
 * @throws DatasetError when a file is missing, truncated, not whole records or has a label above 9.
 */
export async function readCifar10Folder(folder: string, options: Cifar10ReadOptions = {}): Promise<Dataset> {
  const officialSizes = options.officialSizes ?? false;
  const [train, test] = await Promise.all([
    readSplit(folder, CIFAR10_TRAIN_FILES, officialSizes),
    readSplit(folder, CIFAR10_TEST_FILES, officialSizes),
  ]);
  return createDataset({
    name: options.name ?? 'cifar10',
    imageShape: [32, 32, 3],
    classNames: CIFAR10_CLASSES,
    normalization: options.normalization ?? IMAGENET_NORMALIZATION,
    transforms: { train: CIFAR_TRAIN_TRANSFORM, eval: NO_TRANSFORM, ...options.transforms },
    splits: { train, test },
  });
}
