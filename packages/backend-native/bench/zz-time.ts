import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../src/index.js';
import { addonState } from '../src/addon.js';
import { resnet20 } from './resnet20.js';
import { inferenceStep, randomBatch, trainingStep } from './workload.js';
await tf.setBackend('native');
const addon = addonState.addon as any;
const totals = new Map<string, number>();
for (const name of Object.keys(addon)) {
  const f = addon[name];
  addon[name] = (...args: unknown[]) => { const t0 = performance.now(); const r = f(...args); totals.set(name, (totals.get(name) ?? 0) + performance.now() - t0); return r; };
}
const model = resnet20((process.argv[3] ?? 'binary') as any);
const batch = randomBatch(Number(process.argv[2] ?? 32));
const step = process.argv[4] === 'infer' ? inferenceStep(model, batch) : trainingStep(model, batch);
for (let i = 0; i < 5; i++) step();
totals.clear();
const n = 10;
const t0 = performance.now();
for (let i = 0; i < n; i++) step();
const wall = (performance.now() - t0) / n;
let sum = 0;
for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 8)) { sum += v / n; console.log(k.padEnd(24), (v / n).toFixed(2)); }
console.log('addon total', [...totals.values()].reduce((p, v) => p + v, 0) / n, 'wall', wall.toFixed(2));
