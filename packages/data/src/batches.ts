import * as tf from '@tensorflow/tfjs-core';
import { pixelAffine, type PixelAffine } from './augment/normalize.js';
import { transformOutputShape, writeExample, type Transform } from './augment/transform.js';
import type { Dataset, Split } from './dataset.js';
import type { ImageShape } from './image.js';
import { DatasetError } from './errors.js';
import { Random } from './random.js';
import { AUGMENT_STREAM, epochOrder } from './shuffle.js';

/** Which batches of which epoch to make, and how. */
export interface BatchOptions {
  /** The split to read. */
  readonly split: Split;
  /** Examples per batch; the last batch of an epoch holds the rest (it is kept, never dropped). */
  readonly batchSize: number;
  /** Zero-based epoch; with `seed` it fixes the order and the augmentation draws. Default 0. */
  readonly epoch?: number;
  /** Any safe integer. Default 0. */
  readonly seed?: number;
  /** Visit the split in a new random order every epoch. Default: on for `train`, off for `test`. */
  readonly shuffle?: boolean;
  /** Use the dataset's training transform instead of its evaluation transform. Default: on for `train`. */
  readonly augment?: boolean;
  /** The first batch to make, to resume an epoch; batches before it are skipped without work. Default 0. */
  readonly startStep?: number;
}

/** One batch as plain typed arrays. */
export interface HostBatch {
  /** Zero-based index of the batch in its epoch. */
  readonly step: number;
  /** Examples in this batch (`batchSize`, or fewer for the last batch). */
  readonly size: number;
  /** `size x H x W x C` normalised examples, NHWC. */
  readonly x: Float32Array;
  /** `size` class indices. */
  readonly labels: Int32Array;
}

/** One batch as tensors. The receiver owns them and must dispose them. */
export interface Batch {
  /** Zero-based index of the batch in its epoch. */
  readonly step: number;
  /** Examples in this batch. */
  readonly size: number;
  /** float32 `[size, H, W, C]`. */
  readonly xs: tf.Tensor4D;
  /** int32 `[size]` class indices. */
  readonly ys: tf.Tensor1D;
}

/** Number of batches in an epoch of `count` examples: the last partial batch counts. */
export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

function checkInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DatasetError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

/**
 * The batches of one epoch of one split: which examples each holds and how they are transformed,
 * as a pure function of the dataset and the {@link BatchOptions}. Any batch can be made on its own,
 * in any order, and always comes out the same: the order comes from `(seed, epoch)` and the random
 * augmentation of batch `step` from `(seed, epoch, step)`.
 */
export class EpochPlan {
  /** Batches in the epoch. */
  readonly steps: number;
  /** Shape of one example after the transform. */
  readonly exampleShape: ImageShape;
  private readonly order: Uint32Array;
  private readonly transform: Transform;
  private readonly affine: PixelAffine;
  private readonly scratch: Float32Array;

  /**
   * @throws DatasetError when an option is out of range.
   */
  constructor(
    private readonly dataset: Dataset,
    private readonly options: BatchOptions,
  ) {
    const { split, batchSize, epoch = 0, seed = 0, startStep = 0 } = options;
    if (split !== 'train' && split !== 'test') {
      throw new DatasetError(`split must be 'train' or 'test', got '${String(split)}'`);
    }
    checkInteger('batchSize', batchSize, 1);
    checkInteger('epoch', epoch, 0);
    checkInteger('seed', seed, Number.MIN_SAFE_INTEGER);
    const count = dataset.sizes[split];
    this.steps = stepsPerEpoch(count, batchSize);
    checkInteger('startStep', startStep, 0, this.steps);
    const shuffle = options.shuffle ?? split === 'train';
    this.order = shuffle ? epochOrder(count, seed, epoch) : Uint32Array.from({ length: count }, (_, i) => i);
    this.transform = (options.augment ?? split === 'train') ? dataset.transforms.train : dataset.transforms.eval;
    this.exampleShape = transformOutputShape(this.transform, dataset.imageShape);
    this.affine = pixelAffine(dataset.normalization);
    const [height, , channels] = dataset.imageShape;
    this.scratch = new Float32Array(this.transform.kind === 'random-resized-crop' ? height * this.exampleShape[1] * channels : 0);
  }

  /** Makes batch `step` (0 .. steps - 1) into freshly allocated arrays. */
  hostBatch(step: number): HostBatch {
    checkInteger('step', step, 0, this.steps - 1);
    const { split, batchSize, epoch = 0, seed = 0 } = this.options;
    const { images, labels } = this.dataset.splits[split];
    const first = step * batchSize;
    const size = Math.min(batchSize, this.order.length - first);
    const exampleValues = this.exampleShape[0] * this.exampleShape[1] * this.exampleShape[2];
    const x = new Float32Array(size * exampleValues);
    const batchLabels = new Int32Array(size);
    const random = Random.fromSeed(seed, epoch, AUGMENT_STREAM, step);
    for (let i = 0; i < size; i++) {
      const index = this.order[first + i];
      batchLabels[i] = labels[index];
      writeExample(this.transform, images, index, this.dataset.imageShape, this.affine, random, this.scratch, x, i * exampleValues);
    }
    return { step, size, x, labels: batchLabels };
  }
}

/** Runs `make` on a later turn of the event loop, so it overlaps whatever the caller awaits meanwhile. */
function prepareSoon<T>(make: () => T): { readonly result: Promise<T>; cancel(): void } {
  let handle: NodeJS.Immediate | undefined;
  const result = new Promise<T>((resolve, reject) => {
    handle = setImmediate(() => {
      try {
        resolve(make());
      } catch (error) {
        reject(error);
      }
    });
  });
  // A prefetch abandoned by an early `return()` must not surface as an unhandled rejection.
  result.catch(() => undefined);
  return { result, cancel: () => clearImmediate(handle) };
}

/**
 * The batches of one epoch, from `startStep` on, as tensors (NHWC float32 examples, int32 labels).
 * While the caller works on batch i (between two `next()` calls), batch i + 1 is prepared, so at
 * most two batches of float32 exist at once besides the dataset's uint8 images; each batch gets
 * fresh arrays because a tensor may keep the array it was made from. The caller disposes every
 * batch's tensors; breaking out of the loop early leaves nothing behind.
 *
 * @example
 * for await (const { xs, ys } of batches(dataset, { split: 'train', batchSize: 128, epoch, seed })) {
 *   await trainStep(xs, ys);
 *   tf.dispose([xs, ys]);
 * }
 */
export async function* batches(dataset: Dataset, options: BatchOptions): AsyncGenerator<Batch, void, undefined> {
  const plan = new EpochPlan(dataset, options);
  const [height, width, channels] = plan.exampleShape;
  const start = options.startStep ?? 0;
  let next = start < plan.steps ? prepareSoon(() => plan.hostBatch(start)) : undefined;
  try {
    for (let step = start; next !== undefined; step++) {
      const host = await next.result;
      next = step + 1 < plan.steps ? prepareSoon(() => plan.hostBatch(step + 1)) : undefined;
      yield {
        step,
        size: host.size,
        xs: tf.tensor4d(host.x, [host.size, height, width, channels], 'float32'),
        ys: tf.tensor1d(host.labels, 'int32'),
      };
    }
  } finally {
    next?.cancel();
  }
}
