import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../src/index.js';
import { addonState } from '../src/addon.js';
import { resnet20 } from './resnet20.js';
import { inferenceStep, randomBatch, trainingStep } from './workload.js';
await tf.setBackend('native');
const addon = addonState.addon as any;
const f = addon.fused;
const log: string[] = [];
let on = false;
addon.fused = (p: Int32Array, leaves: unknown[], c: Float32Array, ch: Float32Array, period: number, y: Float32Array) => {
  f(p, leaves, c, ch, period, y); const t0 = performance.now(); const r = f(p, leaves, c, ch, period, y); const ms = performance.now() - t0;
  if (on) log.push(`${(y.length / 1024).toFixed(0)}K ins=${p.length / 7} leaves=${leaves.length} period=${period} ${ms.toFixed(3)}ms`);
  return r;
};
const model = resnet20('binary');
const step = process.argv[2] === 'train' ? trainingStep(model, randomBatch(Number(process.argv[3]))) : inferenceStep(model, randomBatch(Number(process.argv[3])));
for (let i = 0; i < 3; i++) step();
on = true; step();
const agg = new Map<string, [number, number]>();
for (const l of log) { const m = l.match(/^(\S+) ins=(\d+) leaves=(\d+) period=(\d+) ([\d.]+)ms/)!; const key = `${m[1]} ins=${m[2]} leaves=${m[3]} p=${m[4]}`; const e = agg.get(key) ?? [0, 0]; e[0]++; e[1] += Number(m[5]); agg.set(key, e); }
let total = 0;
for (const [k, [c, ms]] of [...agg].sort((a, b) => b[1][1] - a[1][1])) { total += ms; console.log(k.padEnd(34), c, ms.toFixed(2)); }
console.log('total', total.toFixed(2), 'calls', log.length);
