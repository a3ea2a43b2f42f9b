import type { PixelAffine } from './normalize.js';
import type { Window } from './crop.js';

/** Sampling positions and weights along one axis, for each output coordinate. */
interface AxisTaps {
  /** First input index each output coordinate reads. */
  readonly start: Int32Array;
  /** Number of input indices each output coordinate reads. */
  readonly count: Int32Array;
  /** `taps` weights per output coordinate, summing to 1. */
  readonly weights: Float32Array;
  /** Stride of `weights`. */
  readonly taps: number;
}

/**
 * PIL's bilinear resampling weights (`ImagingResample`): a triangle filter whose support widens
 * with the downscaling factor, so that shrinking averages every input pixel (antialiasing) instead
 * of skipping some. This is what torchvision's `Resize` and `RandomResizedCrop` use on PIL images.
 */
function axisTaps(inSize: number, outSize: number): AxisTaps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * taps);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const first = Math.max(Math.floor(center - support + 0.5), 0);
    const end = Math.min(Math.floor(center + support + 0.5), inSize);
    let total = 0;
    for (let i = first; i < end; i++) {
      const w = Math.max(1 - Math.abs((i - center + 0.5) / filterScale), 0);
      weights[o * taps + i - first] = w;
      total += w;
    }
    for (let k = 0; k < end - first; k++) weights[o * taps + k] /= total;
    start[o] = first;
    count[o] = end - first;
  }
  return { start, count, weights, taps };
}

/**
 * Resizes a window of one uint8 HWC image (which must lie inside the image) to
 * `outHeight x outWidth` with antialiased bilinear filtering, optionally mirrored left-right, and
 * writes `value * affine.scale + affine.bias` per channel as float32 HWC. Computed in float, so it
 * can differ from PIL's 8-bit fixed-point result by about one grey level.
 *
 * @param src - images, HWC, image after image.
 * @param srcOffset - index in `src` of the image's first byte.
 * @param srcWidth - width of the source image.
 * @param channels - channels of the source image.
 * @param scratch - at least `window.height * outWidth * channels` floats, overwritten.
 * @param out - receives `outHeight * outWidth * channels` values from `outOffset` on.
 */
export function resizeWindow(
  src: Uint8Array,
  srcOffset: number,
  srcWidth: number,
  channels: number,
  window: Window,
  outHeight: number,
  outWidth: number,
  flip: boolean,
  affine: PixelAffine,
  scratch: Float32Array,
  out: Float32Array,
  outOffset: number,
): void {
  const across = axisTaps(window.width, outWidth);
  const down = axisTaps(window.height, outHeight);
  const { scale, bias } = affine;
  // Pass 1: every window row, resized horizontally (and mirrored) into scratch.
  for (let y = 0; y < window.height; y++) {
    const rowStart = srcOffset + ((window.top + y) * srcWidth + window.left) * channels;
    for (let x = 0; x < outWidth; x++) {
      const ox = flip ? outWidth - 1 - x : x;
      const first = across.start[ox];
      const n = across.count[ox];
      const wBase = ox * across.taps;
      const o = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += src[rowStart + (first + k) * channels + c] * across.weights[wBase + k];
        scratch[o + c] = sum;
      }
    }
  }
  // Pass 2: columns resized vertically, then normalised.
  const rowValues = outWidth * channels;
  for (let y = 0; y < outHeight; y++) {
    const first = down.start[y];
    const n = down.count[y];
    const wBase = y * down.taps;
    const o = outOffset + y * rowValues;
    for (let i = 0; i < rowValues; i++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += scratch[(first + k) * rowValues + i] * down.weights[wBase + k];
      const c = i % channels;
      out[o + i] = sum * scale[c] + bias[c];
    }
  }
}
