import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { NO_TRANSFORM } from '../augment/transform.js';
import { computeNormalization, createDataset, type Dataset, type DatasetOverrides, type LabeledImages } from '../dataset.js';
import { DatasetError } from '../errors.js';
import { readIdxFile } from './parse.js';

/** The standard IDX file names of MNIST and Fashion-MNIST, each found as is or with `.gz`. */
export const IDX_FILES = Object.freeze({
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
});

/** Options of {@link readIdxFolder}. */
export interface IdxReadOptions extends DatasetOverrides {
  /** The dataset's name. Default: the folder's name. */
  readonly name?: string;
  /** Class names. Default: `'0'`, `'1'`, … up to the largest label. */
  readonly classNames?: readonly string[];
  /** Says how to get the files, appended to the error for a missing file. */
  readonly howToGet?: string;
}

/** The path of an IDX file in `folder`, gzipped or not, or undefined when neither exists. */
export function findIdxFile(folder: string, name: string): string | undefined {
  return [`${name}.gz`, name].map((file) => join(folder, file)).find((path) => existsSync(path));
}

async function readSplit(folder: string, images: string, labels: string, howToGet: string): Promise<{ data: LabeledImages; rows: number; cols: number }> {
  const paths = [images, labels].map((name) => {
    const path = findIdxFile(folder, name);
    if (path === undefined) {
      throw new DatasetError(`has neither ${name}.gz nor ${name}; ${howToGet}`, folder);
    }
    return path;
  });
  const [imageArray, labelArray] = await Promise.all(paths.map(readIdxFile));
  if (imageArray.dims.length !== 3) {
    throw new DatasetError(`has ${imageArray.dims.length} dimensions; an IDX image file has 3 (count, rows, columns)`, paths[0]);
  }
  if (labelArray.dims.length !== 1) {
    throw new DatasetError(`has ${labelArray.dims.length} dimensions; an IDX label file has 1 (count)`, paths[1]);
  }
  const [count, rows, cols] = imageArray.dims;
  if (labelArray.dims[0] !== count) {
    throw new DatasetError(
      `holds ${labelArray.dims[0]} labels for the ${count} images of ${paths[0]}: the two files do not belong together`,
      paths[1],
    );
  }
  return { data: { images: imageArray.data, labels: Int32Array.from(labelArray.data) }, rows, cols };
}

/**
 * Reads an MNIST-style folder of IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each optionally gzipped) into one-channel
 * images. Unless given, the normalisation is computed from the training images and the transforms
 * are none.
 *
 * @throws DatasetError when a file is missing or invalid, or train and test disagree.
 */
export async function readIdxFolder(folder: string, options: IdxReadOptions = {}): Promise<Dataset> {
  const howToGet = options.howToGet ?? `put the four IDX files of an MNIST-style dataset in ${folder}`;
  const [train, test] = await Promise.all([
    readSplit(folder, IDX_FILES.trainImages, IDX_FILES.trainLabels, howToGet),
    readSplit(folder, IDX_FILES.testImages, IDX_FILES.testLabels, howToGet),
  ]);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DatasetError(
      `training images are ${train.rows}x${train.cols} but test images ${test.rows}x${test.cols}: the files come from different datasets`,
      folder,
    );
  }
  const largest = [train, test].reduce((max, split) => split.data.labels.reduce((a, b) => Math.max(a, b), max), 0);
  return createDataset({
    name: options.name ?? basename(resolve(folder)),
    imageShape: [train.rows, train.cols, 1],
    classNames: options.classNames ?? Array.from({ length: largest + 1 }, (_, i) => String(i)),
    normalization: options.normalization ?? computeNormalization(train.data.images, 1),
    transforms: { train: NO_TRANSFORM, eval: NO_TRANSFORM, ...options.transforms },
    splits: { train: train.data, test: test.data },
  });
}
