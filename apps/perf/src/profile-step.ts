/**
 * Lists the kernels one training step (or inference pass) runs on a backend, with their count,
 * total time and how many fell back to `cpu` on `native`, slowest first: the guide to which
 * kernels a backend must make fast.
 * Usage (from apps/perf): npm run profile:step -- [--backend native] [--batch 128] [--mode train|infer]
 *   [--model proxy|resnet20|vgg-small] [--precision float|binary for the proxy, 1w1a|1w32a for the zoo]
 *   [--estimator reste|ste|dorefa|approxsign|dsq|ede|fda|rbnn]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nativeKernelCounts } from '@signflow/backend-native';
import { resnet20, type Precision } from './proxy-resnet20.js';
import { inferenceStep, randomBatch, trainingStep } from './workload.js';
import { zooModel, type ZooModel, type ZooPrecision } from './zoo.js';

const { values: options } = parseArgs({
  options: {
    backend: { type: 'string', default: 'native' },
    batch: { type: 'string', default: '128' },
    mode: { type: 'string', default: 'train' },
    model: { type: 'string', default: 'resnet20' },
    precision: { type: 'string' },
    estimator: { type: 'string', default: 'reste' },
  },
});
await tf.setBackend(options.backend);
const proxy = options.model === 'proxy';
const model = proxy
  ? resnet20((options.precision ?? 'binary') as Precision)
  : zooModel(options.model as ZooModel, options.estimator, (options.precision ?? '1w1a') as ZooPrecision);
const batch = randomBatch(Number(options.batch));
const step = options.mode === 'infer' ? inferenceStep(model, batch) : trainingStep(model, batch);
step();
const fallbacksBefore = new Map([...nativeKernelCounts()].map(([name, c]) => [name, c.fallback]));
const info = await tf.profile(() => {
  step();
});
const byKernel = new Map<string, { count: number; ms: number }>();
for (const k of info.kernels) {
  const entry = byKernel.get(k.name) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += Number(k.kernelTimeMs);
  byKernel.set(k.name, entry);
}
const fallbacks = (name: string): number => (nativeKernelCounts().get(name)?.fallback ?? 0) - (fallbacksBefore.get(name) ?? 0);
const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const what = proxy ? `proxy ResNet-20 ${options.precision ?? 'binary'}` : `${options.model} ${options.precision ?? '1w1a'} ${options.estimator}`;
console.log(`backend ${tf.getBackend()}, ${what}, ${options.mode}, batch ${options.batch}, ${info.kernels.length} kernels`);
console.log(`${'kernel'.padEnd(28)} ${'calls'.padStart(5)} ${'ms'.padStart(9)} ${'cpu fallbacks'.padStart(14)}`);
for (const [name, { count, ms }] of rows) console.log(`${name.padEnd(28)} ${String(count).padStart(5)} ${ms.toFixed(1).padStart(9)} ${String(fallbacks(name)).padStart(14)}`);
