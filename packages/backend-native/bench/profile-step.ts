/**
 * Lists the kernels one ResNet-20 training step (or inference pass) runs on a backend, with their
 * count and total time, slowest first: the guide to which kernels a backend must make fast.
 * Usage: npx tsx bench/profile-step.ts [backend=native] [batch=8] [float|binary] [train|infer]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../src/index.js';
import { resnet20, type Precision } from './resnet20.js';
import { inferenceStep, randomBatch, trainingStep } from './workload.js';

const [backend = 'native', batchArg = '8', precisionArg = 'float', mode = 'train'] = process.argv.slice(2);
await tf.setBackend(backend);
const model = resnet20(precisionArg as Precision);
const batch = randomBatch(Number(batchArg));
const step = mode === 'infer' ? inferenceStep(model, batch) : trainingStep(model, batch);
step();
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
const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
console.log(`backend ${tf.getBackend()}, ${mode}, batch ${batchArg}, ${precisionArg}, params ${model.countParams()}`);
for (const [name, { count, ms }] of rows) console.log(`${name.padEnd(26)} ${String(count).padStart(5)} ${ms.toFixed(1).padStart(9)} ms`);
