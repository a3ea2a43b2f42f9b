import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { batches, loadDataset } from '@signflow/data';
import { selectBackend } from '../backend/select-backend.js';
import { UsageError } from '../errors.js';
import { openPredictor } from '../deploy/predictor.js';
import { limitDataset } from '../data/dataset-subset.js';

/** Usage of `signflow evaluate`. */
export const EVALUATE_USAGE = `Usage: signflow evaluate MODEL --dataset NAME|DIR [--limit-test N] [--batch-size N] [--json]
  MODEL: a run directory (its best model), an export folder or a packed file
`;

/** Top-1 and top-5 of `logits` rows against `labels`, added into `counts`. */
function countHits(logits: Float32Array, labels: Int32Array, classes: number, counts: { top1: number; top5: number }): void {
  for (let i = 0; i < labels.length; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const target = row[labels[i]];
    // rank = number of classes scoring higher (ties count against the target, as top-k does)
    let higher = 0;
    for (let c = 0; c < classes; c++) if (row[c] > target || (row[c] === target && c < labels[i])) higher++;
    if (higher < 1) counts.top1++;
    if (higher < Math.min(5, classes)) counts.top5++;
  }
}

/** `signflow evaluate`: top-1 and top-5 of any deployable model on a dataset's test split. */
export async function evaluateCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { dataset: { type: 'string' }, 'limit-test': { type: 'string' }, 'batch-size': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${EVALUATE_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(EVALUATE_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || values.dataset === undefined) throw new UsageError(`Give one MODEL and --dataset.\n${EVALUATE_USAGE}`);
  const limit = values['limit-test'] === undefined ? undefined : Number(values['limit-test']);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw new UsageError(`--limit-test ${values['limit-test']}: expected a positive integer.`);
  const batchSize = Number(values['batch-size'] ?? 128);
  await selectBackend('cpu');
  const predictor = await openPredictor(positionals[0]);
  try {
    let dataset = await loadDataset(values.dataset);
    if (limit !== undefined) dataset = limitDataset(dataset, { test: limit }, 0);
    const want = predictor.inputShape.join('x');
    const have = dataset.imageShape.join('x');
    if (predictor.inputShape.length === 3 && want !== have) throw new UsageError(`${positionals[0]} takes ${want} images but ${values.dataset} has ${have}.`);
    const classes = dataset.classNames.length;
    const counts = { top1: 0, top5: 0 };
    const started = performance.now();
    for await (const batch of batches(dataset, { split: 'test', batchSize })) {
      const images = (await batch.xs.data()) as Float32Array;
      const labels = (await batch.ys.data()) as Int32Array;
      tf.dispose([batch.xs, batch.ys]);
      const logits = await predictor.logits(images, labels.length);
      if (logits.length !== labels.length * classes) throw new UsageError(`${positionals[0]} gives ${logits.length / labels.length} outputs per image, ${values.dataset} has ${classes} classes.`);
      countHits(logits, labels, classes, counts);
    }
    const n = dataset.sizes.test;
    const result = { model: positionals[0], kind: predictor.kind, dataset: values.dataset, images: n, top1: counts.top1 / n, top5: counts.top5 / n, seconds: (performance.now() - started) / 1000 };
    if (values.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${result.model} [${result.kind}] on ${result.dataset} (${n} test images): top-1 ${(100 * result.top1).toFixed(2)}%, top-5 ${(100 * result.top5).toFixed(2)}% in ${result.seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
    predictor.dispose();
  }
}
