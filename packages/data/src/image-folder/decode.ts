import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { DatasetError } from '../errors.js';

/** A decoded image: 8-bit RGB, row-major, HWC. */
export interface RgbImage {
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
  /** `height * width * 3` bytes. */
  readonly data: Uint8Array;
}

const isPng = (b: Uint8Array): boolean => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * Decodes a PNG (pngjs) or JPEG (jpeg-js) file, recognised by its signature, to 8-bit RGB.
 * Grey images are expanded to three equal channels; an alpha channel is dropped.
 *
 * @param file - names the file in error messages.
 * @throws DatasetError when the bytes are neither format or cannot be decoded.
 */
export function decodeImage(bytes: Uint8Array, file: string): RgbImage {
  const fix = 'replace or remove the file';
  if (isPng(bytes)) {
    let png: { width: number; height: number; data: Uint8Array };
    try {
      png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      throw new DatasetError(`is an unreadable PNG (${(error as Error).message}); ${fix}`, file, { cause: error });
    }
    // pngjs always decodes to RGBA.
    const data = new Uint8Array(png.width * png.height * 3);
    for (let i = 0, o = 0; o < data.length; i += 4, o += 3) {
      data[o] = png.data[i];
      data[o + 1] = png.data[i + 1];
      data[o + 2] = png.data[i + 2];
    }
    return { width: png.width, height: png.height, data };
  }
  if (isJpeg(bytes)) {
    try {
      const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
      return { width, height, data };
    } catch (error) {
      throw new DatasetError(`is an unreadable JPEG (${(error as Error).message}); ${fix}`, file, { cause: error });
    }
  }
  throw new DatasetError(`is neither a PNG nor a JPEG (its first bytes are not a PNG or JPEG signature); ${fix}`, file);
}
