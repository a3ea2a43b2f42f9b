import type { ImageShape } from '../image.js';
import type { PixelAffine } from './normalize.js';

/** A window of an image, in source pixel coordinates; it may reach outside the image. */
export interface Window {
  /** Row of the window's first row; negative when it starts in the top padding. */
  readonly top: number;
  /** Column of the window's first column; negative when it starts in the left padding. */
  readonly left: number;
  /** Rows in the window (and in the output). */
  readonly height: number;
  /** Columns in the window (and in the output). */
  readonly width: number;
}

/**
 * Copies a window of one uint8 HWC image into a float32 HWC output, mirrored left-right when
 * `flip` is set, and normalised with `affine`. Pixels of the window outside the image are zero
 * before normalisation: this is torchvision's `RandomCrop(padding, fill=0)` followed by
 * `RandomHorizontalFlip` and `Normalize`, in one pass.
 *
 * @param src - images, HWC, image after image.
 * @param srcOffset - index in `src` of the image's first byte.
 * @param shape - the shape of each source image.
 * @param out - receives `window.height * window.width * C` values from `outOffset` on.
 */
export function cropFlipNormalize(
  src: Uint8Array,
  srcOffset: number,
  shape: ImageShape,
  window: Window,
  flip: boolean,
  affine: PixelAffine,
  out: Float32Array,
  outOffset: number,
): void {
  const [height, width, channels] = shape;
  const { top, left, height: rows, width: cols } = window;
  // Output columns [first, end) read inside the image; the others are padding.
  const first = Math.min(cols, flip ? Math.max(0, left + cols - width) : Math.max(0, -left));
  const end = Math.max(first, flip ? Math.min(cols, left + cols) : Math.min(cols, width - left));
  // Flipping the window reads its columns right to left.
  const step = flip ? -channels : channels;
  const rowValues = cols * channels;
  // One channel at a time keeps its scale and bias in registers.
  for (let c = 0; c < channels; c++) {
    const scale = affine.scale[c];
    const bias = affine.bias[c];
    for (let y = 0; y < rows; y++) {
      const sy = top + y;
      const inside = sy >= 0 && sy < height;
      const copyFrom = inside ? first : cols;
      const copyEnd = inside ? end : cols;
      let o = outOffset + y * rowValues + c;
      for (let x = 0; x < copyFrom; x++, o += channels) out[o] = bias;
      let s = srcOffset + (sy * width + (flip ? left + cols - 1 - copyFrom : left + copyFrom)) * channels + c;
      for (let x = copyFrom; x < copyEnd; x++, s += step, o += channels) out[o] = src[s] * scale + bias;
      for (let x = copyEnd; x < cols; x++, o += channels) out[o] = bias;
    }
  }
}
