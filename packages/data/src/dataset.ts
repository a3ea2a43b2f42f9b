import { DatasetError } from './errors.js';
import { transformOutputShape, type DatasetTransforms } from './augment/transform.js';
import type { ImageShape, Normalization } from './image.js';

/** The two parts every dataset has. Datasets without a test split of their own get one by a documented rule. */
export type Split = 'train' | 'test';

/** The images and labels of one split, held as compact typed arrays. */
export interface LabeledImages {
  /** `count * H * W * C` bytes, image after image, each in HWC order. */
  readonly images: Uint8Array;
  /** One class index per image, in `0 .. classNames.length - 1`. */
  readonly labels: Int32Array;
}

/**
 * A dataset held in memory as uint8 images: what the batching, augmentation and training code needs
 * to know about it, and the data itself.
 */
export interface Dataset {
  /** A short name, e.g. `cifar10`, or the folder's name for a dataset read from a folder. */
  readonly name: string;
  /** Shape of every stored image. */
  readonly imageShape: ImageShape;
  /** Class names; the label of an image is an index into this list. */
  readonly classNames: readonly string[];
  /** The constants the batches are normalised with. */
  readonly normalization: Normalization;
  /** The transforms the batches are built with. */
  readonly transforms: DatasetTransforms;
  /** Number of images per split. */
  readonly sizes: Readonly<Record<Split, number>>;
  /** The data of each split. */
  readonly splits: Readonly<Record<Split, LabeledImages>>;
}

/** What a reader knows about a dataset; {@link createDataset} checks it and fills in the sizes. */
export interface DatasetSpec {
  /** See {@link Dataset.name}. */
  readonly name: string;
  /** See {@link Dataset.imageShape}. */
  readonly imageShape: ImageShape;
  /** See {@link Dataset.classNames}. */
  readonly classNames: readonly string[];
  /** See {@link Dataset.normalization}. */
  readonly normalization: Normalization;
  /** See {@link Dataset.transforms}. */
  readonly transforms: DatasetTransforms;
  /** See {@link Dataset.splits}. */
  readonly splits: Readonly<Record<Split, LabeledImages>>;
}

/**
 * Checks that the parts of a dataset agree with each other (array lengths, label range,
 * normalisation per channel) and returns the frozen dataset.
 *
 * @throws DatasetError naming the dataset and the part that does not fit.
 */
export function createDataset(spec: DatasetSpec): Dataset {
  const [height, width, channels] = spec.imageShape;
  for (const [axis, value] of [['height', height], ['width', width], ['channels', channels]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new DatasetError(`image ${axis} must be a positive integer, got ${value}`, spec.name);
    }
  }
  checkNormalization(spec.normalization, channels, spec.name);
  if (spec.classNames.length < 1) {
    throw new DatasetError('a dataset needs at least one class', spec.name);
  }
  const trainShape = transformOutputShape(spec.transforms.train, spec.imageShape);
  const evalShape = transformOutputShape(spec.transforms.eval, spec.imageShape);
  if (trainShape.join() !== evalShape.join()) {
    throw new DatasetError(
      `the training transform makes ${trainShape.join('x')} examples but the evaluation transform ` +
        `${evalShape.join('x')}; a model needs one input shape: give both the same output size`,
      spec.name,
    );
  }
  const pixels = height * width * channels;
  const sizes = { train: 0, test: 0 };
  for (const split of ['train', 'test'] as const) {
    const { images, labels } = spec.splits[split];
    if (images.length !== labels.length * pixels) {
      throw new DatasetError(
        `the ${split} split holds ${images.length} bytes of images for ${labels.length} labels; ` +
          `expected ${labels.length} x ${height}x${width}x${channels} = ${labels.length * pixels}`,
        spec.name,
      );
    }
    const bad = labels.findIndex((label) => label < 0 || label >= spec.classNames.length);
    if (bad >= 0) {
      throw new DatasetError(
        `label ${labels[bad]} of ${split} image ${bad} is outside 0..${spec.classNames.length - 1}`,
        spec.name,
      );
    }
    sizes[split] = labels.length;
  }
  return Object.freeze({ ...spec, sizes: Object.freeze(sizes) });
}

/**
 * Checks that a normalisation has one mean and one positive, finite std per channel.
 *
 * @param what - names the dataset or option in the error message.
 * @throws DatasetError otherwise.
 */
function checkNormalization(normalization: Normalization, channels: number, what: string): void {
  const { mean, std } = normalization;
  if (mean.length !== channels || std.length !== channels) {
    throw new DatasetError(
      `normalisation needs one mean and one std per channel (${channels}), ` +
        `got ${mean.length} mean and ${std.length} std values`,
      what,
    );
  }
  if (!mean.every(Number.isFinite) || !std.every((s) => Number.isFinite(s) && s > 0)) {
    throw new DatasetError(
      `normalisation mean must be finite and std positive, got mean [${mean.join(', ')}], std [${std.join(', ')}]`,
      what,
    );
  }
}

/**
 * Per-channel mean and standard deviation (population, over every pixel of every image) of uint8
 * HWC images scaled to [0, 1]. Used for datasets read from a folder, whose constants are unknown.
 */
export function computeNormalization(images: Uint8Array, channels: number): Normalization {
  const sum = new Float64Array(channels);
  const sumSquares = new Float64Array(channels);
  for (let i = 0; i < images.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = images[i + c];
      sum[c] += v;
      sumSquares[c] += v * v;
    }
  }
  const n = images.length / channels;
  const mean = Array.from(sum, (s) => s / n / 255);
  const std = Array.from(sumSquares, (s, c) => Math.sqrt(Math.max(s / n / 65025 - mean[c] ** 2, 0)));
  // A constant channel has std 0; 1 leaves it merely centred instead of dividing by zero.
  return { mean, std: std.map((s) => (s > 0 ? s : 1)) };
}

/** Settings a caller may override when loading any dataset. */
export interface DatasetOverrides {
  /** Replaces the dataset's default normalisation constants. */
  readonly normalization?: Normalization;
  /** Replaces the dataset's default training and/or evaluation transform. */
  readonly transforms?: Partial<DatasetTransforms>;
}
