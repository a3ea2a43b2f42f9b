import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_TRANSFORM } from './augment/transform.js';
import { batches, EpochPlan, stepsPerEpoch, type BatchOptions } from './batches.js';
import { createDataset, type Dataset } from './dataset.js';

/**
 * Ten 2x2 one-channel images; image i is filled with the value 10 * i + 1 and has label i % 3.
 * The normalisation (mean 0, std 1/255) leaves values as they are, so outputs reveal the image.
 */
function tinyDataset(trainTransform = NO_TRANSFORM): Dataset {
  const count = 10;
  const images = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) images.fill(10 * i + 1, i * 4, i * 4 + 4);
  const split = { images, labels: Int32Array.from({ length: count }, (_, i) => i % 3) };
  return createDataset({
    name: 'tiny',
    imageShape: [2, 2, 1],
    classNames: ['a', 'b', 'c'],
    normalization: { mean: [0], std: [1 / 255] },
    transforms: { train: trainTransform, eval: NO_TRANSFORM },
    splits: { train: split, test: split },
  });
}

/** The image indices of each batch of an epoch, read back from the pixel values. */
async function epochIndices(dataset: Dataset, options: BatchOptions): Promise<number[][]> {
  const result: number[][] = [];
  for await (const batch of batches(dataset, options)) {
    const values = (await batch.xs.data()) as Float32Array;
    result.push(Array.from({ length: batch.size }, (_, i) => Math.round((values[i * 4] - 1) / 10)));
    tf.dispose([batch.xs, batch.ys]);
  }
  return result;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('batches', () => {
  it('makes NHWC float32 examples and int32 labels, keeping the last partial batch', async () => {
    const dataset = tinyDataset();
    const sizes: number[] = [];
    for await (const { xs, ys, size, step } of batches(dataset, { split: 'test', batchSize: 4 })) {
      expect(xs.dtype).toBe('float32');
      expect(ys.dtype).toBe('int32');
      expect(xs.shape).toEqual([size, 2, 2, 1]);
      expect(ys.shape).toEqual([size]);
      // The test split is not shuffled: batch `step` holds images 4 * step, 4 * step + 1, ...
      const first = 4 * step;
      expect(Array.from(await ys.data())).toEqual(Array.from({ length: size }, (_, i) => (first + i) % 3));
      expect(Array.from(await xs.data()).slice(0, 4)).toEqual([10 * first + 1, 10 * first + 1, 10 * first + 1, 10 * first + 1]);
      sizes.push(size);
      tf.dispose([xs, ys]);
    }
    expect(sizes).toEqual([4, 4, 2]);
    expect(stepsPerEpoch(10, 4)).toBe(3);
  });

  it('visits every training image once per epoch, in an order fixed by (seed, epoch)', async () => {
    const dataset = tinyDataset();
    const run = (epoch: number, seed: number): Promise<number[][]> => epochIndices(dataset, { split: 'train', batchSize: 3, epoch, seed });
    const epoch0 = await run(0, 7);
    expect(epoch0.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await run(0, 7)).toEqual(epoch0);
    expect((await run(1, 7)).flat()).not.toEqual(epoch0.flat());
    expect((await run(0, 8)).flat()).not.toEqual(epoch0.flat());
  });

  it('resumes from a step with exactly the batches, augmentation included, of the full epoch', async () => {
    const dataset = tinyDataset({ kind: 'random-crop', padding: 1, flip: true });
    const options: BatchOptions = { split: 'train', batchSize: 3, epoch: 4, seed: 99 };
    const collect = async (startStep: number): Promise<number[][]> => {
      const out: number[][] = [];
      for await (const { xs, ys } of batches(dataset, { ...options, startStep })) {
        out.push([...(await xs.data()), ...(await ys.data())]);
        tf.dispose([xs, ys]);
      }
      return out;
    };
    const full = await collect(0);
    expect(full).toHaveLength(4);
    expect(await collect(2)).toEqual(full.slice(2));
    expect(await collect(4)).toEqual([]);
  });

  it('prepares the next batch while the caller holds the current one', async () => {
    const made = vi.spyOn(EpochPlan.prototype, 'hostBatch');
    const iterator = batches(tinyDataset(), { split: 'train', batchSize: 4 });
    const first = await iterator.next();
    expect(made.mock.calls.map(([step]) => step)).toEqual([0]);
    // The caller awaits something (as a training step does); batch 1 gets made meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    expect(made.mock.calls.map(([step]) => step)).toEqual([0, 1]);
    if (!first.done) tf.dispose([first.value.xs, first.value.ys]);
    await iterator.return();
  });

  it('leaves no tensor behind, also when the loop stops early', async () => {
    const dataset = tinyDataset({ kind: 'random-crop', padding: 1, flip: true });
    const before = tf.memory().numTensors;
    for await (const { xs, ys } of batches(dataset, { split: 'train', batchSize: 4 })) {
      // Stands in for a training step: intermediate tensors in a tidy, the result read and disposed.
      const loss = tf.tidy(() => tf.add(tf.mean(xs), tf.sum(ys)));
      await loss.data();
      tf.dispose([loss, xs, ys]);
    }
    expect(tf.memory().numTensors).toBe(before);
    for await (const { xs, ys } of batches(dataset, { split: 'train', batchSize: 4 })) {
      tf.dispose([xs, ys]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects options out of range, naming them', () => {
    const dataset = tinyDataset();
    expect(() => new EpochPlan(dataset, { split: 'train', batchSize: 0 })).toThrow(/batchSize must be an integer in 1\.\.\d+, got 0/);
    expect(() => new EpochPlan(dataset, { split: 'train', batchSize: 4, startStep: 4 })).toThrow(/startStep must be an integer in 0\.\.3, got 4/);
    expect(() => new EpochPlan(dataset, { split: 'train', batchSize: 4, epoch: -1 })).toThrow(/epoch/);
    expect(() => new EpochPlan(dataset, { split: 'val' as 'test', batchSize: 4 })).toThrow(/split must be 'train' or 'test', got 'val'/);
  });
});
