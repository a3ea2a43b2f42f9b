import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { imageNetTransforms } from '../augment/transform.js';
import { IMAGENET_NORMALIZATION } from '../constants.js';
import { createDataset, type Dataset, type DatasetOverrides, type LabeledImages } from '../dataset.js';
import { DatasetError } from '../errors.js';
import { decodeImage } from './decode.js';
import { resizeAndCenterCrop } from './resize.js';

/** File extensions read as images (case-insensitive); other files are ignored. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

/** Options of {@link readImageFolder}. */
export interface ImageFolderOptions extends DatasetOverrides {
  /** The dataset's name. Default: the folder's name. */
  readonly name?: string;
  /** Images are stored resized to this shorter side and centre-cropped square. Default 256. */
  readonly storeSize?: number;
  /** Output size of the default transforms (random resized crop, centre crop). Default 224. */
  readonly cropSize?: number;
  /** Called after each decoded image, for progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One image to read and its label. */
interface Entry {
  readonly path: string;
  readonly label: number;
}

async function subfolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function listSplit(splitFolder: string, classNames: readonly string[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const name of await subfolders(splitFolder)) {
    const label = classNames.indexOf(name);
    const classFolder = join(splitFolder, name);
    if (label < 0) {
      throw new DatasetError(
        `is a class that the train folder does not have, so it has no label; add it to train or remove it`,
        classFolder,
      );
    }
    const files = (await readdir(classFolder)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
    if (files.length === 0) {
      throw new DatasetError('holds no .jpg, .jpeg or .png image: add images or remove the empty class folder', classFolder);
    }
    for (const file of files) entries.push({ path: join(classFolder, file), label });
  }
  return entries;
}

async function readSplit(
  entries: readonly Entry[],
  storeSize: number,
  progress: { done: number; readonly total: number; readonly report?: (done: number, total: number) => void },
): Promise<LabeledImages> {
  const bytesPerImage = storeSize * storeSize * 3;
  const images = new Uint8Array(entries.length * bytesPerImage);
  const labels = Int32Array.from(entries, (entry) => entry.label);
  for (const [i, entry] of entries.entries()) {
    const bytes = await readFile(entry.path).catch((error: unknown) => {
      throw new DatasetError(`cannot be read (${(error as Error).message})`, entry.path, { cause: error });
    });
    images.set(resizeAndCenterCrop(decodeImage(bytes, entry.path), storeSize), i * bytesPerImage);
    progress.done++;
    progress.report?.(progress.done, progress.total);
  }
  return { images, labels };
}

/**
 * Reads an ImageNet-style folder: `root/train/<class>/*.{jpg,jpeg,png}` and
 * `root/val/<class>/…` (or `root/test/<class>/…`), classes sorted by folder name as torchvision's
 * `ImageFolder` does. Every image is decoded (jpeg-js, pngjs), resized so that its shorter side is
 * `storeSize` and centre-cropped square, and kept in memory as uint8.
 *
 * Defaults, after docs/method.md §7.5: training transform `RandomResizedCrop(cropSize, scale (0.08, 1.25),
 * ratio (3/4, 4/3))` + flip; evaluation transform `CenterCrop(cropSize)`, which with the stored
 * images equals torchvision's `Resize(256)` + `CenterCrop(224)`; ImageNet normalisation. The
 * random crops are taken from the stored centre square, not the full original image.
 *
 * @throws DatasetError when a split folder is missing, a class folder is empty or unknown, or an image cannot be read.
 */
export async function readImageFolder(root: string, options: ImageFolderOptions = {}): Promise<Dataset> {
  const storeSize = options.storeSize ?? 256;
  const cropSize = options.cropSize ?? 224;
  if (!Number.isInteger(storeSize) || storeSize < 1) {
    throw new DatasetError(`storeSize must be a positive integer, got ${storeSize}`, root);
  }
  const trainFolder = join(root, 'train');
  const testFolder = ['val', 'test'].map((name) => join(root, name)).find((path) => existsSync(path));
  if (!existsSync(trainFolder) || testFolder === undefined) {
    throw new DatasetError('an image folder dataset needs train/<class>/ and val/<class>/ (or test/<class>/) subfolders', root);
  }
  const classNames = await subfolders(trainFolder);
  if (classNames.length === 0) {
    throw new DatasetError('holds no class folders: put each class\'s images in train/<class>/', trainFolder);
  }
  const [trainEntries, testEntries] = await Promise.all([listSplit(trainFolder, classNames), listSplit(testFolder, classNames)]);
  const progress = { done: 0, total: trainEntries.length + testEntries.length, report: options.onProgress };
  const train = await readSplit(trainEntries, storeSize, progress);
  const test = await readSplit(testEntries, storeSize, progress);
  return createDataset({
    name: options.name ?? basename(resolve(root)),
    imageShape: [storeSize, storeSize, 3],
    classNames,
    normalization: options.normalization ?? IMAGENET_NORMALIZATION,
    transforms: { ...imageNetTransforms(cropSize), ...options.transforms },
    splits: { train, test },
  });
}
