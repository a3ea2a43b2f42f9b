import type { ImageShape } from '../image.js';
import { DatasetError } from '../errors.js';
import type { Random } from '../random.js';
import { cropFlipNormalize } from './crop.js';
import type { PixelAffine } from './normalize.js';
import { resizeWindow } from './resample.js';
import { centerWindow, sampleResizedCrop } from './resized-crop.js';

/**
 * How one stored image becomes one normalised float32 example. Normalisation always comes last,
 * with the dataset's constants.
 *
 * - `none`: the image as stored.
 * - `random-crop`: torchvision `RandomCrop(H, padding, fill=0)`, then `RandomHorizontalFlip(0.5)`
 *   when `flip` is set: the CIFAR-10 training recipe (docs/method.md §7.5, padding 4).
 * - `random-resized-crop`: torchvision `RandomResizedCrop(size, scale, ratio)` (bilinear), then a
 *   horizontal flip with probability 0.5 when `flip` is set: the ImageNet training recipe
 *   (docs/method.md §7.5: size 224, scale (0.08, 1.25), ratio (3/4, 4/3)).
 * - `center-crop`: torchvision `CenterCrop(size)`: ImageNet evaluation, applied to images stored
 *   already resized to a shorter side of 256 (docs/method.md §7.5).
 */
export type Transform =
  | { readonly kind: 'none' }
  | { readonly kind: 'random-crop'; readonly padding: number; readonly flip: boolean }
  | {
      readonly kind: 'random-resized-crop';
      readonly size: number;
      readonly scale: readonly [number, number];
      readonly ratio: readonly [number, number];
      readonly flip: boolean;
    }
  | { readonly kind: 'center-crop'; readonly size: number };

/** The training- and evaluation-time transforms of a dataset (see {@link Transform}). */
export interface DatasetTransforms {
  /** Applied to training batches when augmentation is on. */
  readonly train: Transform;
  /** Applied to test batches, and to training batches when augmentation is off. */
  readonly eval: Transform;
}

/** The CIFAR-10 training transform of the reference code: pad 4 with zeros, random 32x32 crop, flip. */
export const CIFAR_TRAIN_TRANSFORM: Transform = Object.freeze({ kind: 'random-crop', padding: 4, flip: true });

/**
 * The ImageNet recipe of the reference code (docs/method.md §7.5) for images stored at a shorter side of
 * 256: training `RandomResizedCrop(size, scale (0.08, 1.25), ratio (3/4, 4/3))` + flip,
 * evaluation `CenterCrop(size)`.
 */
export function imageNetTransforms(size = 224): DatasetTransforms {
  return {
    train: { kind: 'random-resized-crop', size, scale: [0.08, 1.25], ratio: [3 / 4, 4 / 3], flip: true },
    eval: { kind: 'center-crop', size },
  };
}

/** The identity transform (normalisation only). */
export const NO_TRANSFORM: Transform = Object.freeze({ kind: 'none' });

function isPositiveInteger(x: number): boolean {
  return Number.isInteger(x) && x > 0;
}

/**
 * The shape of the examples a transform makes from images of the given shape.
 *
 * @throws DatasetError when the transform's parameters are invalid or do not fit the images.
 */
export function transformOutputShape(transform: Transform, shape: ImageShape): ImageShape {
  const [height, width, channels] = shape;
  const name = `transform ${JSON.stringify(transform)}`;
  switch (transform.kind) {
    case 'none':
      return shape;
    case 'random-crop':
      if (!Number.isInteger(transform.padding) || transform.padding < 0) {
        throw new DatasetError('padding must be a non-negative integer', name);
      }
      return shape;
    case 'center-crop':
      if (!isPositiveInteger(transform.size) || transform.size > Math.min(height, width)) {
        throw new DatasetError(
          `the crop size must be a positive integer no larger than the stored ${height}x${width} images; ` +
            'store the images larger or crop smaller',
          name,
        );
      }
      return [transform.size, transform.size, channels];
    case 'random-resized-crop': {
      const [s0, s1] = transform.scale;
      const [r0, r1] = transform.ratio;
      if (!isPositiveInteger(transform.size) || !(s0 > 0 && s0 <= s1) || !(r0 > 0 && r0 <= r1)) {
        throw new DatasetError('needs a positive integer size, 0 < scale[0] <= scale[1], 0 < ratio[0] <= ratio[1]', name);
      }
      return [transform.size, transform.size, channels];
    }
  }
}

/**
 * Writes one example: image `index` of `images` transformed with `transform` (random choices drawn
 * from `random`) and normalised with `affine`, as float32 HWC at `out[outOffset]`.
 *
 * @param scratch - at least `H * outputWidth * C` floats (used by `random-resized-crop`).
 */
export function writeExample(
  transform: Transform,
  images: Uint8Array,
  index: number,
  shape: ImageShape,
  affine: PixelAffine,
  random: Random,
  scratch: Float32Array,
  out: Float32Array,
  outOffset: number,
): void {
  const [height, width, channels] = shape;
  const srcOffset = index * height * width * channels;
  switch (transform.kind) {
    case 'none':
      cropFlipNormalize(images, srcOffset, shape, { top: 0, left: 0, height, width }, false, affine, out, outOffset);
      return;
    case 'center-crop': {
      const window = centerWindow(height, width, transform.size);
      cropFlipNormalize(images, srcOffset, shape, window, false, affine, out, outOffset);
      return;
    }
    case 'random-crop': {
      const p = transform.padding;
      const window = { top: random.nextInt(2 * p + 1) - p, left: random.nextInt(2 * p + 1) - p, height, width };
      const flip = transform.flip && random.nextFloat() < 0.5;
      cropFlipNormalize(images, srcOffset, shape, window, flip, affine, out, outOffset);
      return;
    }
    case 'random-resized-crop': {
      const window = sampleResizedCrop(random, height, width, transform.scale, transform.ratio);
      const flip = transform.flip && random.nextFloat() < 0.5;
      const { size } = transform;
      resizeWindow(images, srcOffset, width, channels, window, size, size, flip, affine, scratch, out, outOffset);
      return;
    }
  }
}
