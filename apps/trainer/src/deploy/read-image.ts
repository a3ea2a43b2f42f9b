import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** A decoded image with the channel count it was stored with (1: grey, 3: colour). */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** height × width × channels bytes. */
  readonly data: Uint8Array;
}

/** PNG colour types 0 (grey) and 4 (grey + alpha) are one channel; 2, 3 and 6 are colour. */
function pngChannels(bytes: Uint8Array): 1 | 3 {
  return bytes[25] === 0 || bytes[25] === 4 ? 1 : 3;
}

/** The component count of a JPEG's start-of-frame segment (1 grey, 3 colour). */
function jpegChannels(bytes: Uint8Array): 1 | 3 {
  for (let i = 2; i + 9 < bytes.length; ) {
    if (bytes[i] !== 0xff) return 3;
    const marker = bytes[i + 1];
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return bytes[i + 9] === 1 ? 1 : 3;
    i += 2 + length;
  }
  return 3;
}

/**
 * Reads a PNG (pngjs) or JPEG (jpeg-js) file, keeping its channel count.
 *
 * @throws UsageError naming the file when it is not a readable PNG or JPEG.
 */
export function readImage(file: string): Image {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new UsageError(`${file}: cannot read it (${(error as Error).message}).`);
  }
  const fail = (what: string): never => {
    throw new UsageError(`${file} ${what}; pass PNG or JPEG images.`);
  };
  let rgb: { width: number; height: number; data: Uint8Array; stride: number };
  let channels: 1 | 3;
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    try {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes));
      rgb = { width: png.width, height: png.height, data: png.data, stride: 4 };
    } catch (error) {
      return fail(`is an unreadable PNG (${(error as Error).message})`);
    }
    channels = pngChannels(bytes);
  } else if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    try {
      const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
      rgb = { width: decoded.width, height: decoded.height, data: decoded.data, stride: 3 };
    } catch (error) {
      return fail(`is an unreadable JPEG (${(error as Error).message})`);
    }
    channels = jpegChannels(bytes);
  } else {
    return fail('is not an image (neither a PNG nor a JPEG signature)');
  }
  const pixels = rgb.width * rgb.height;
  const data = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < channels; c++) data[p * channels + c] = rgb.data[p * rgb.stride + c];
  return { width: rgb.width, height: rgb.height, channels, data };
}

/**
 * The model input for `image`: centre-cropped to the input's aspect ratio, resized (bilinear) to
 * its height and width, and normalised as the dataset was (`(x / 255 − mean) / std`).
 *
 * @throws UsageError naming the file when its channel count is not the model's.
 */
export function toModelInput(image: Image, file: string, shape: number[], normalization?: { mean: readonly number[]; std: readonly number[] }): Float32Array {
  const [height, width, channels] = shape.length === 3 ? shape : [shape[0], 1, 1];
  if (image.channels !== channels) {
    const names = { 1: 'grey', 3: 'colour' } as Record<number, string>;
    throw new UsageError(`${file} has ${image.channels} channel${image.channels === 1 ? '' : 's'} (${names[image.channels]}) but the model takes ${channels}-channel (${names[channels] ?? 'other'}) images.`);
  }
  return tf.tidy(() => {
    let x: tf.Tensor3D = tf.tensor3d(Float32Array.from(image.data), [image.height, image.width, channels]);
    const scale = Math.min(image.height / height, image.width / width);
    const cropH = Math.round(height * scale);
    const cropW = Math.round(width * scale);
    x = tf.slice(x, [Math.floor((image.height - cropH) / 2), Math.floor((image.width - cropW) / 2), 0], [cropH, cropW, channels]);
    if (cropH !== height || cropW !== width) x = tf.image.resizeBilinear(x, [height, width], true);
    const mean = normalization?.mean ?? new Array(channels).fill(0);
    const std = normalization?.std ?? new Array(channels).fill(1);
    return tf.div(tf.sub(tf.div(x, 255), tf.tensor1d([...mean])), tf.tensor1d([...std])).dataSync() as Float32Array;
  });
}
