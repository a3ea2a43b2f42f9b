import { existsSync } from 'node:fs';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_NORMALIZATION } from '../constants.js';
import type { Dataset, DatasetOverrides } from '../dataset.js';
import { DatasetError } from '../errors.js';
import { readIdxFolder } from './reader.js';

/** Where the Debian/Ubuntu package `dataset-fashion-mnist` installs Fashion-MNIST. */
export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

const HOW_TO_GET =
  'install it with `apt-get install dataset-fashion-mnist` (Debian, Ubuntu), or pass a folder holding ' +
  'train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz';

/**
 * Reads Fashion-MNIST (Zalando, MIT; 60,000 training and 10,000 test images, 28x28 grey) from its
 * IDX files, by default where the Debian package `dataset-fashion-mnist` puts them.
 * Normalisation defaults to the training set's mean and std; no augmentation.
 *
 * @throws DatasetError saying how to install it when the folder or a file is missing.
 */
export async function readFashionMnist(
  folder: string = FASHION_MNIST_DEFAULT_DIR,
  overrides: DatasetOverrides = {},
): Promise<Dataset> {
  if (!existsSync(folder)) {
    throw new DatasetError(`Fashion-MNIST is not there: ${HOW_TO_GET}`, folder);
  }
  return readIdxFolder(folder, {
    name: 'fashion-mnist',
    classNames: FASHION_MNIST_CLASSES,
    normalization: overrides.normalization ?? FASHION_MNIST_NORMALIZATION,
    transforms: overrides.transforms,
    howToGet: HOW_TO_GET,
  });
}
