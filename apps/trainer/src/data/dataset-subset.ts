import { createDataset, epochOrder, type Dataset, type LabeledImages, type Split } from '@signflow/data';

/**
 * The dataset restricted to `limit[split]` images per split, for quick experiments. The images
 * kept are a seeded random sample (so every class is represented), in their original order.
 */
export function limitDataset(dataset: Dataset, limit: Partial<Record<Split, number>>, seed: number): Dataset {
  if (limit.train === undefined && limit.test === undefined) return dataset;
  const pick = (split: Split): LabeledImages => {
    const n = limit[split];
    const { images, labels } = dataset.splits[split];
    if (n === undefined || n >= labels.length) return dataset.splits[split];
    const keep = Array.from(epochOrder(labels.length, seed, split === 'train' ? 0 : 1).subarray(0, n)).sort((a, b) => a - b);
    const pixels = images.length / labels.length;
    const subsetImages = new Uint8Array(n * pixels);
    keep.forEach((index, i) => subsetImages.set(images.subarray(index * pixels, (index + 1) * pixels), i * pixels));
    return { images: subsetImages, labels: Int32Array.from(keep, (index) => labels[index]) };
  };
  return createDataset({ ...dataset, splits: { train: pick('train'), test: pick('test') } });
}
