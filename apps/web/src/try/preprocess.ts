import type { ImageInput } from './model-source.js';
import { resizeArea } from './resize.js';

/** Pixels at or below this intensity count as background when finding the drawn digit. */
const INK = 16;

/**
 * Turns a drawing (white ink on black, one intensity per pixel) into an MNIST-style digit, the way
 * MNIST was made: the ink's bounding box scaled to fit 20 × 20 pixels (aspect kept, area
 * resampling), placed in a `size` × `size` image with its centre of mass in the middle.
 * Returns null for an empty drawing.
 */
export function mnistStyle(gray: ArrayLike<number>, width: number, height: number, size = 28): ImageInput | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x] > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const crop = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) crop[y * bw + x] = gray[(y0 + y) * width + x0 + x];
  const box = Math.round((20 / 28) * size);
  const scale = box / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const small = resizeArea(crop, bw, bh, 1, tw, th);
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  // Shift so that the centre of mass lands on the image centre, keeping the digit inside.
  const left = Math.min(size - tw, Math.max(0, Math.round(size / 2 - mx / mass)));
  const top = Math.min(size - th, Math.max(0, Math.round(size / 2 - my / mass)));
  const data = new Uint8Array(size * size);
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) data[(top + y) * size + left + x] = Math.min(255, Math.round(small[y * tw + x]));
  return { data, height: size, width: size, channels: 1 };
}

/**
 * Fits a picture (RGBA bytes, as canvases give them) to a model's input: the centred square crop,
 * area-resampled to `height` × `width`, as RGB or as grey (the mean of R, G, B) for one channel.
 */
export function fitPicture(rgba: ArrayLike<number>, width: number, height: number, shape: readonly [number, number, number]): ImageInput {
  const [th, tw, channels] = shape;
  const side = Math.min(width, height);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const square = new Float32Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const at = ((top + y) * width + left + x) * 4;
      const out = (y * side + x) * channels;
      if (channels === 1) square[out] = (rgba[at] + rgba[at + 1] + rgba[at + 2]) / 3;
      else for (let c = 0; c < channels; c++) square[out + c] = rgba[at + c];
    }
  }
  const resized = resizeArea(square, side, side, channels, tw, th);
  return { data: Uint8Array.from(resized, (v) => Math.min(255, Math.round(v))), height: th, width: tw, channels };
}
