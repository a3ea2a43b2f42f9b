import { describe, expect, it } from 'vitest';
import { NO_TRANSFORM } from './augment/transform.js';
import { computeNormalization, createDataset, type DatasetSpec } from './dataset.js';

const spec: DatasetSpec = {
  name: 'tiny',
  imageShape: [1, 2, 1],
  classNames: ['a', 'b'],
  normalization: { mean: [0.5], std: [0.5] },
  transforms: { train: NO_TRANSFORM, eval: NO_TRANSFORM },
  splits: {
    train: { images: Uint8Array.from([1, 2, 3, 4]), labels: Int32Array.from([0, 1]) },
    test: { images: Uint8Array.from([5, 6]), labels: Int32Array.from([1]) },
  },
};

describe('createDataset', () => {
  it('fills in the sizes and freezes the dataset', () => {
    const dataset = createDataset(spec);
    expect(dataset.sizes).toEqual({ train: 2, test: 1 });
    expect(Object.isFrozen(dataset)).toBe(true);
  });

  it('names the dataset and the mismatch when the parts disagree', () => {
    const badImages = { ...spec, splits: { ...spec.splits, test: { images: new Uint8Array(3), labels: Int32Array.from([1]) } } };
    expect(() => createDataset(badImages)).toThrow(/^tiny: the test split holds 3 bytes of images for 1 labels; expected 1 x 1x2x1 = 2$/);
    const badLabel = { ...spec, splits: { ...spec.splits, test: { images: new Uint8Array(2), labels: Int32Array.from([2]) } } };
    expect(() => createDataset(badLabel)).toThrow(/label 2 of test image 0 is outside 0..1/);
    expect(() => createDataset({ ...spec, normalization: { mean: [0.5, 0.5], std: [1, 1] } })).toThrow(/one mean and one std per channel \(1\)/);
    expect(() => createDataset({ ...spec, normalization: { mean: [0.5], std: [0] } })).toThrow(/std positive/);
    expect(() => createDataset({ ...spec, transforms: { train: { kind: 'center-crop', size: 1 }, eval: NO_TRANSFORM } })).toThrow(
      /training transform makes 1x1x1 examples but the evaluation transform 1x2x1/,
    );
  });
});

describe('computeNormalization', () => {
  it('gives the per-channel mean and population std on the [0, 1] scale', () => {
    // Channel 0 takes 0 and 255 (mean 0.5, std 0.5); channel 1 is constant 51 (mean 0.2, std 0 -> 1).
    const { mean, std } = computeNormalization(Uint8Array.from([0, 51, 255, 51]), 2);
    expect(mean[0]).toBeCloseTo(0.5, 12);
    expect(mean[1]).toBeCloseTo(0.2, 12);
    expect(std[0]).toBeCloseTo(0.5, 12);
    expect(std[1]).toBe(1);
  });
});
