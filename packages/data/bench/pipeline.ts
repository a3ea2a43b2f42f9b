/**
 * Measures the input pipeline: how many augmented, normalised NHWC batches per second it makes.
 *
 *   npx tsx --conditions=@signflow/source packages/data/bench/pipeline.ts [dataset] [batch size] [batches]
 *
 * Defaults: cifar10 (fetch it first with `signflow data fetch cifar10`), batch 128, one epoch.
 * Reports the host pipeline alone (typed arrays) and the async iterator that also wraps each batch
 * in tfjs tensors (cpu backend) and prefetches the next one.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { batches, DatasetError, EpochPlan, loadDataset, type BatchOptions } from '../src/index.js';

function rate(label: string, count: number, examples: number, ms: number): void {
  const perSecond = (count / ms) * 1000;
  console.log(
    `${label}: ${count} batches in ${(ms / 1000).toFixed(2)} s = ${perSecond.toFixed(1)} batches/s ` +
      `(${((examples / ms) * 1000).toFixed(0)} images/s, ${(ms / count).toFixed(2)} ms/batch)`,
  );
}

async function main(): Promise<void> {
  const [name = 'cifar10', batchArg = '128', countArg] = process.argv.slice(2);
  const batchSize = Number(batchArg);
  await tf.setBackend('cpu');

  let started = performance.now();
  const dataset = await loadDataset(name);
  console.log(
    `${dataset.name}: ${dataset.sizes.train} train + ${dataset.sizes.test} test images of ` +
      `${dataset.imageShape.join('x')}, loaded in ${((performance.now() - started) / 1000).toFixed(2)} s; ` +
      `train transform ${JSON.stringify(dataset.transforms.train)}; batch ${batchSize}; node ${process.version}`,
  );

  const options: BatchOptions = { split: 'train', batchSize, epoch: 0, seed: 1, augment: true };
  const plan = new EpochPlan(dataset, options);
  const count = Math.min(Number(countArg ?? plan.steps), plan.steps);

  // Warm up the JIT on a few batches of another epoch before timing.
  const warmUp = new EpochPlan(dataset, { ...options, epoch: 1 });
  for (let step = 0; step < Math.min(20, warmUp.steps); step++) warmUp.hostBatch(step);

  started = performance.now();
  let examples = 0;
  for (let step = 0; step < count; step++) examples += plan.hostBatch(step).size;
  rate('host batches (typed arrays, augmented)', count, examples, performance.now() - started);

  const tensorsBefore = tf.memory().numTensors;
  started = performance.now();
  examples = 0;
  let made = 0;
  for await (const batch of batches(dataset, options)) {
    examples += batch.size;
    tf.dispose([batch.xs, batch.ys]);
    if (++made === count) break;
  }
  rate('batches() iterator (tensors, prefetch)', made, examples, performance.now() - started);
  console.log(`tensors left behind: ${tf.memory().numTensors - tensorsBefore}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof DatasetError ? error.message : error);
  process.exit(error instanceof DatasetError ? 2 : 1);
});
