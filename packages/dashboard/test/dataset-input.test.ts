import { loadDataset } from '@signflow/data';
import { describe, expect, it } from 'vitest';
import { modelInputOf } from '../src/dataset-input.js';

describe('modelInputOf', () => {
  it('gives the embedded MNIST digits the shape, classes and normalisation their reader trains with', async () => {
    const dataset = await loadDataset('mnist');
    expect(modelInputOf('mnist')).toEqual({ dataset: 'mnist', imageShape: [...dataset.imageShape], classNames: dataset.classNames, normalization: dataset.normalization });
  });

  it('knows nothing of datasets read from folders', () => {
    expect(modelInputOf('/data/my-images')).toBeNull();
    expect(modelInputOf(undefined)).toBeNull();
    expect(modelInputOf('toString')).toBeNull();
  });
});
