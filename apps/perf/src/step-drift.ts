/**
 * Whether a training step gets slower the longer a run goes: thousands of steps of the zoo's
 * ResNet-20 with the trainer's update rule (SGD, g + wd·p, v ← μ·v + g, p ← p − lr·v, a yield to
 * the event loop per step as the trainer's batch loop makes) on small images, so that the
 * per-step work of the JavaScript side — where retained objects and garbage collection show —
 * dominates. Prints, every `--every` steps, the main thread's and the other threads' CPU per step,
 * the time spent in garbage collection per step and the live JavaScript heap.
 *
 * Usage (from apps/perf): npm run bench:drift -- [--steps 3000] [--every 250] [--estimator reste]
 *   [--size 8] [--batch 8]
 * CPU times come from /proc (Linux). With OMP_WAIT_POLICY=PASSIVE the other threads' CPU is work,
 * not spinning.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { isNativeAvailable, nativeUnavailableReason } from '@signflow/backend-native';
import { resnet20 } from '@signflow/zoo-resnet';
import { positiveInts } from './coordinator.js';
import { estimatorFor } from './zoo.js';

const { values: options } = parseArgs({
  options: {
    steps: { type: 'string', default: '3000' },
    every: { type: 'string', default: '250' },
    estimator: { type: 'string', default: 'reste' },
    size: { type: 'string', default: '8' },
    batch: { type: 'string', default: '8' },
  },
});
const [steps, every, size, batch] = (['steps', 'every', 'size', 'batch'] as const).map((name) => positiveInts(options[name], name)[0]) as [number, number, number, number];
if (!isNativeAvailable()) throw new Error(`the native backend is unavailable: ${nativeUnavailableReason()}`);
await tf.setBackend('native');

const model = resnet20({
  seed: 1,
  inputShape: [size, size, 3],
  weightEstimator: estimatorFor(options.estimator, 'weights'),
  activationEstimator: estimatorFor(options.estimator, 'activations'),
});
const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
const velocity = variables.map((p) => tf.variable(tf.zerosLike(p), false));
const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32');

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** CPU time so far of the main thread and of all others, in ms (from /proc/self/task/<tid>/stat). */
function threadCpuMs(): { main: number; others: number } {
  // /proc counts clock ticks of 10 ms.
  const ticksPerMs = 100 / 1000;
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number(tid) === process.pid) main += ticks / ticksPerMs;
    else others += ticks / ticksPerMs;
  }
  return { main, others };
}

function step(): void {
  tf.tidy(() => {
    const xs = tf.randomNormal([batch, size, size, 3]);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
      variables,
    );
    value.dataSync();
    variables.forEach((p, i) => {
      const v = velocity[i] as tf.Variable;
      const next = tf.add(tf.mul(v, 0.9), tf.add(grads[p.name] as tf.Tensor, tf.mul(p, 1e-4)));
      v.assign(next);
      p.assign(tf.sub(p, tf.mul(next, 0.01)));
    });
  });
}

let last = { cpu: threadCpuMs(), gcMs, time: performance.now() };
for (let s = 1; s <= steps; s++) {
  step();
  await new Promise((done) => setImmediate(done));
  if (s % every === 0) {
    const cpu = threadCpuMs();
    const time = performance.now();
    const per = (value: number): number => Math.round((value / every) * 10) / 10;
    console.log(
      JSON.stringify({
        step: s,
        mainThreadCpuMs: per(cpu.main - last.cpu.main),
        otherThreadsCpuMs: per(cpu.others - last.cpu.others),
        wallMs: per(time - last.time),
        gcMs: per(gcMs - last.gcMs),
        heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        tensors: tf.memory().numTensors,
      }),
    );
    last = { cpu, gcMs, time };
  }
}
