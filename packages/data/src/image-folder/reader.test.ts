import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGENET_NORMALIZATION } from '../constants.js';
import { readImageFolder } from './reader.js';

type Rgb = (x: number, y: number) => [number, number, number];

function encode(width: number, height: number, color: Rgb, format: 'png' | 'jpg'): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([...color(x, y), 255], (y * width + x) * 4);
  }
  if (format === 'jpg') return jpeg.encode({ width, height, data: rgba }, 100).data;
  const png = new pngjs.PNG({ width, height });
  rgba.copy(png.data);
  return pngjs.PNG.sync.write(png, { colorType: 2 });
}

let root: string;

async function put(path: string, bytes: Buffer | string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), bytes);
}

/** Pixels of stored image `index` of a split, as [r, g, b] triples, row-major. */
function pixels(images: Uint8Array, index: number, size: number): number[][] {
  const bytes = Array.from(images.subarray(index * size * size * 3, (index + 1) * size * size * 3));
  return Array.from({ length: size * size }, (_, i) => bytes.slice(i * 3, i * 3 + 3));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'signflow-images-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('readImageFolder', () => {
  it('reads train/<class> and val/<class>, classes sorted, other files ignored', async () => {
    const unique: Rgb = (x, y) => [y * 4 + x, 100 + y * 4 + x, 200 + x];
    await put('train/dog/a.png', encode(4, 4, unique, 'png'));
    await put('train/cat/b.jpg', encode(4, 4, () => [200, 100, 50], 'jpg'));
    await put('train/cat/c.PNG', encode(8, 4, () => [10, 200, 30], 'png'));
    await put('train/cat/notes.txt', 'not an image');
    await put('val/dog/d.png', encode(4, 4, unique, 'png'));
    const dataset = await readImageFolder(root, { storeSize: 4, cropSize: 2 });
    expect(dataset.classNames).toEqual(['cat', 'dog']);
    expect(dataset.sizes).toEqual({ train: 3, test: 1 });
    expect(Array.from(dataset.splits.train.labels)).toEqual([0, 0, 1]);
    expect(dataset.imageShape).toEqual([4, 4, 3]);
    // A 4x4 PNG at store size 4 is kept exactly.
    expect(pixels(dataset.splits.train.images, 2, 4)).toEqual(Array.from({ length: 16 }, (_, i) => [i, 100 + i, 200 + (i % 4)]));
    // A JPEG of one colour stays that colour (within JPEG error); so does a resized constant PNG.
    for (const p of pixels(dataset.splits.train.images, 0, 4)) {
      [200, 100, 50].forEach((v, c) => expect(Math.abs(p[c] - v)).toBeLessThanOrEqual(3));
    }
    expect(pixels(dataset.splits.train.images, 1, 4)).toEqual(new Array(16).fill([10, 200, 30]));
    expect(dataset.normalization).toEqual(IMAGENET_NORMALIZATION);
    expect(dataset.transforms.eval).toEqual({ kind: 'center-crop', size: 2 });
    expect(dataset.transforms.train).toMatchObject({ kind: 'random-resized-crop', size: 2, scale: [0.08, 1.25] });
  });

  it('keeps the centred square of a wide or tall image whose shorter side is the store size', async () => {
    const byColumn: Rgb = (x) => [x * 30, 0, 0];
    const byRow: Rgb = (_, y) => [0, y * 30, 0];
    await put('train/a/wide.png', encode(8, 4, byColumn, 'png'));
    await put('train/a/tall.png', encode(4, 8, byRow, 'png'));
    await put('val/a/x.png', encode(4, 4, byColumn, 'png'));
    const { splits } = await readImageFolder(root, { storeSize: 4, cropSize: 4 });
    // Files are read in sorted order: tall.png (rows 2..5 kept), then wide.png (columns 2..5 kept).
    expect(pixels(splits.train.images, 0, 4).map((p) => p[1])).toEqual([60, 60, 60, 60, 90, 90, 90, 90, 120, 120, 120, 120, 150, 150, 150, 150]);
    expect(pixels(splits.train.images, 1, 4).map((p) => p[0])).toEqual(new Array(4).fill([60, 90, 120, 150]).flat());
  });

  it('shrinks with antialiasing: an 8-wide ramp becomes PIL-bilinear averages', async () => {
    // Columns 0, 20, ..., 140 resized 8 -> 4 (scale 2, triangle of half-width 2), by hand:
    // (20*.75 + 40*.25) / 1.75 = 14.29, (20*.25 + 40*.75 + 60*.75 + 80*.25) / 2 = 50, 90,
    // (100*.25 + 120*.75 + 140*.75) / 1.75 = 125.71.
    await put('train/a/ramp.png', encode(8, 8, (x) => [x * 20, 0, 0], 'png'));
    await put('val/a/ramp.png', encode(8, 8, (x) => [x * 20, 0, 0], 'png'));
    const { splits } = await readImageFolder(root, { storeSize: 4, cropSize: 4 });
    expect(pixels(splits.train.images, 0, 4).map((p) => p[0])).toEqual(new Array(4).fill([14, 50, 90, 126]).flat());
  });

  it('names an empty class folder, an unreadable image, an unknown class and a missing split', async () => {
    await put('train/a/x.png', encode(4, 4, () => [1, 2, 3], 'png'));
    await expect(readImageFolder(root)).rejects.toThrow(`${root}: an image folder dataset needs train/<class>/ and val/<class>/`);
    await mkdir(join(root, 'val', 'a'), { recursive: true });
    await expect(readImageFolder(root)).rejects.toThrow(
      `${join(root, 'val', 'a')}: holds no .jpg, .jpeg or .png image: add images or remove the empty class folder`,
    );
    await put('val/a/broken.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('garbage')]));
    await expect(readImageFolder(root)).rejects.toThrow(`${join(root, 'val', 'a', 'broken.png')}: is an unreadable PNG`);
    await put('val/a/broken.png', 'text');
    await expect(readImageFolder(root)).rejects.toThrow(`${join(root, 'val', 'a', 'broken.png')}: is neither a PNG nor a JPEG`);
    await put('val/a/broken.png', encode(4, 4, () => [1, 2, 3], 'png'));
    await put('val/b/y.png', encode(4, 4, () => [1, 2, 3], 'png'));
    await expect(readImageFolder(root)).rejects.toThrow(`${join(root, 'val', 'b')}: is a class that the train folder does not have`);
  });
});
