/**
 * One benchmark worker process for one tfjs backend (see src/coordinator.ts for the protocol).
 * Its setup command names the workload:
 *   {"workload":"proxy","precision":"float"|"binary","batch":N,"mode":"train"|"infer"}
 *   {"workload":"zoo","model":"resnet20"|"vgg-small","estimator":ID,"precision":"1w1a"|"1w32a","batch":N,"mode":...}
 * and, for training, optionally "learningRate" (default 0.01).
 * Usage: node --conditions=@signflow/source --import tsx src/worker.ts native|wasm|cpu
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isNativeAvailable, nativeUnavailableReason } from '@signflow/backend-native';
import { resnet20, type Precision } from './proxy-resnet20.js';
import { registerWasmConv2DBackpropFilter } from './wasm-filter-grad.js';
import { inferenceStep, randomBatch, trainingStep } from './workload.js';
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
  workload?: 'proxy' | 'zoo';
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
  if (setup.workload === 'zoo') return zooModel(setup.model ?? 'resnet20', setup.estimator ?? 'reste', (setup.precision ?? '1w1a') as ZooPrecision);
  return resnet20((setup.precision ?? 'float') as Precision);
}

if (backend === 'native' && !isNativeAvailable()) {
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
      step = command.mode === 'infer' ? inferenceStep(model, batch) : trainingStep(model, batch, command.learningRate);
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
