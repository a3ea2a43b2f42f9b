import { createDataset, type Dataset } from '@signflow/data';
import type { DataSource } from '../../src/data/data-source.js';

/**
 * A data source that reads no file: two classes of 8×8 images, a bright left half or a bright
 * right half, with seeded noise. Small enough for a run of a few steps on `cpu`.
 */
export class SyntheticDataSource implements DataSource {
  loads = 0;

  async load(): Promise<Dataset> {
    this.loads++;
    return syntheticDataset(64, 32);
  }
}

/** The dataset {@link SyntheticDataSource} serves. */
export function syntheticDataset(train: number, test: number): Dataset {
  let seed = 42;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const split = (n: number) => {
    const images = new Uint8Array(n * 64);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (let p = 0; p < 64; p++) {
        const left = p % 8 < 4;
        images[i * 64 + p] = Math.round((left === (labels[i] === 0) ? 200 : 40) + 40 * next());
      }
    }
    return { images, labels };
  };
  return createDataset({
    name: 'synthetic',
    imageShape: [8, 8, 1],
    classNames: ['left', 'right'],
    normalization: { mean: [0.5], std: [0.25] },
    transforms: { train: { kind: 'none' }, eval: { kind: 'none' } },
    splits: { train: split(train), test: split(test) },
  });
}
