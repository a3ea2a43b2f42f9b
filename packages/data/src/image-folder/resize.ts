import { identityAffine } from '../augment/normalize.js';
import { resizeWindow } from '../augment/resample.js';
import { centerWindow } from '../augment/resized-crop.js';
import type { RgbImage } from './decode.js';

/**
 * torchvision's `Resize(size)` then `CenterCrop(size)`: scales the image so that its shorter side
 * is `size` (the longer side becomes `floor(size * long / short)`), with antialiased bilinear
 * filtering, and keeps the centred `size x size` square, rounded to 8 bits.
 */
export function resizeAndCenterCrop(image: RgbImage, size: number): Uint8Array {
  const { width, height } = image;
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const scaledLong = Math.floor((size * long) / short);
  const outWidth = width <= height ? size : scaledLong;
  const outHeight = width <= height ? scaledLong : size;
  const resized = new Float32Array(outHeight * outWidth * 3);
  const scratch = new Float32Array(height * outWidth * 3);
  const whole = { top: 0, left: 0, height, width };
  resizeWindow(image.data, 0, width, 3, whole, outHeight, outWidth, false, identityAffine(3), scratch, resized, 0);
  const crop = centerWindow(outHeight, outWidth, size);
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const rowStart = ((crop.top + y) * outWidth + crop.left) * 3;
    for (let i = 0; i < size * 3; i++) {
      out[y * size * 3 + i] = Math.min(255, Math.max(0, Math.round(resized[rowStart + i])));
    }
  }
  return out;
}
