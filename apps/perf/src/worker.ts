/**
 * One benchmark worker process for one tfjs backend (see src/coordinator.ts for the protocol).
 * Its setup command names the workload:
 *   {"workload":"proxy","precision":"float"|"binary","batch":N,"mode":"train"|"infer"}
 *   {"workload":"zoo","model":"resnet20"|"vgg-small","estimator":ID,"precision":"1w1a"|"1w32a"|"float","batch":N,"mode":...}
 *   {"workload":"packed","model":...,"estimator":ID,"precision":"1w1a"|"1w32a","batch":N,"engine":"native"|"wasm","threads":N}
 * and, for training, optionally "learningRate" (default 0.01). The packed workload builds the zoo
 * model on this worker's tfjs backend, exports it (`lowerModel`, `writePacked`), loads it with
 * @signflow/infer's engine and times `PackedModel.predict` on the same batch (inference only).
 * Usage: node --conditions=@signflow/source --import tsx src/worker.ts native|wasm|cpu
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isNativeAvailable, nativeUnavailableReason } from '@signflow/backend-native';
import { lowerModel, writePacked } from '@signflow/export';
import { nativeEngineStatus, PackedModel } from '@signflow/infer';
import { resnet20, type Precision } from './proxy-resnet20.js';
import { registerWasmConv2DBackpropFilter } from './wasm-filter-grad.js';
import { inferenceStep, randomBatch, trainingStep, type Batch } from './workload.js';
import { zooModel, type ZooModel, type ZooPrecision } from './zoo.js';

const backend = process.argv[2] ?? 'native';

/** Peak resident set size of this process (VmHWM), in MB. */
function peakRssMb(): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line === undefined ? process.memoryUsage().rss / 2 ** 20 : Number(line.split(/\s+/)[1]) / 1024;
}

function reply(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

interface Setup {
  workload?: 'proxy' | 'zoo' | 'packed';
  engine?: 'native' | 'wasm';
  threads?: number;
  precision?: string;
  model?: ZooModel;
  estimator?: string;
  batch?: number;
  mode?: string;
  learningRate?: number;
  warmup?: number;
  warmupSeconds?: number;
}

function buildModel(setup: Setup): LayersModel {
  if (setup.workload === 'zoo' || setup.workload === 'packed') return zooModel(setup.model ?? 'resnet20', setup.estimator ?? 'reste', (setup.precision ?? '1w1a') as ZooPrecision);
  return resnet20((setup.precision ?? 'float') as Precision);
}

/**
 * One packed inference of `batch` on @signflow/infer's engine, the model exported from `model`;
 * reports on stderr how far its logits are from the fake-quantised model's on the first images.
 */
async function packedStep(model: LayersModel, batch: Batch, setup: Setup): Promise<() => number> {
  const bytes = await writePacked(lowerModel(model));
  const packed = await PackedModel.load(bytes, { engine: setup.engine ?? 'native', ...(setup.threads === undefined ? {} : { threads: setup.threads }) });
  const size = batch.images.shape[0];
  const input = batch.images.dataSync() as Float32Array;
  const check = Math.min(size, 4);
  const reference = tf.tidy(() => (model.predict(tf.slice(batch.images, 0, check)) as tf.Tensor).dataSync());
  const logits = packed.predict(input.subarray(0, check * packed.inputShape.reduce((a, b) => a * b, 1)), check);
  let worst = 0;
  let largest = 0;
  reference.forEach((value, i) => {
    worst = Math.max(worst, Math.abs(value - (logits[i] as number)));
    largest = Math.max(largest, Math.abs(value));
  });
  const isa = packed.engine === 'native' ? `, ${(await nativeEngineStatus()).isa ?? 'unknown ISA'}, ${setup.threads ?? 'default'} threads` : '';
  process.stderr.write(`packed ${packed.engine}${isa} (${bytes.byteLength} bytes): logits within ${worst.toExponential(2)} of the fake-quantised model's (largest |logit| ${largest.toFixed(2)})\n`);
  return () => packed.predict(input, size)[0] as number;
}

if (backend === 'native' && !isNativeAvailable()) {
  // On stderr too: the coordinator may not have sent a command yet when this worker exits.
  process.stderr.write(`${nativeUnavailableReason()}\n`);
  reply({ error: nativeUnavailableReason() });
  process.exit(1);
}
if (backend === 'wasm') registerWasmConv2DBackpropFilter();
await tf.setBackend(backend);
await tf.ready();

let step: (() => number) | null = null;
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = JSON.parse(line) as Setup & { cmd: string; steps?: number };
  try {
    if (command.cmd === 'setup') {
      const model = buildModel(command);
      const batch = randomBatch(command.batch ?? 32);
      if (command.workload === 'packed') step = await packedStep(model, batch, command);
      else step = command.mode === 'infer' ? inferenceStep(model, batch) : trainingStep(model, batch, command.learningRate);
      // The first step builds weights, primitives and buffers; the next ones fill the pools and
      // let V8 optimise the JavaScript on the way.
      const start = performance.now();
      for (let i = 0; i < (command.warmup ?? 1) || performance.now() - start < (command.warmupSeconds ?? 0) * 1000; i++) step();
      reply({ ready: true, backend: tf.getBackend() });
    } else if (command.cmd === 'run' && step !== null) {
      const seconds: number[] = [];
      let last = 0;
      for (let i = 0; i < (command.steps ?? 1); i++) {
        const start = performance.now();
        last = step();
        seconds.push((performance.now() - start) / 1000);
      }
      // Steps that diverged to NaN time other code paths: the coordinator reports it.
      reply({ seconds, finite: Number.isFinite(last) });
    } else if (command.cmd === 'memory') {
      reply({ peakRssMb: peakRssMb() });
    } else {
      reply({ error: `unknown or premature command ${line}` });
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
}
