/**
 * The measuring half of `webgpu-check.sh`.
 *
 *   adapter                 prints the WebGPU adapter Dawn finds (or why none), as JSON
 *   speed --backend B --model M --batch N [--steps S] [--warmup W] [--size PX]
 *                           times training steps of the zoo model M (resnet20 or vgg-small,
 *                           1W/1A ReSTE, CIFAR-shaped seeded inputs) on backend B (webgpu or
 *                           native) and prints one JSON line: images per second, ms per step
 *
 * A step is what `signflow train` does per batch: forward and backward in training mode,
 * softmax cross-entropy, SGD with momentum, and the loss read back (asynchronously) before the
 * next step. The first W steps are not timed: on webgpu they compile the shaders; on native they
 * fill the buffer pool. Run with: node --conditions=@signflow/source --import tsx tools/gpu/webgpu-bench.ts ...
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers tfjs-core's gradients.
import '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { plugin as reste } from '@signflow/estimator-reste';
import { resnet20 } from '@signflow/zoo-resnet';
import { vggSmall } from '@signflow/zoo-vgg';

const [command, ...rest] = process.argv.slice(2);

if (command === 'adapter') {
  const webgpu = await import('@signflow/backend-webgpu');
  console.log(JSON.stringify({ adapter: webgpu.webGpuAdapter(), reason: webgpu.webGpuUnavailableReason() }, null, 2));
} else if (command === 'speed') {
  const { values } = parseArgs({
    args: rest,
    options: {
      backend: { type: 'string' },
      model: { type: 'string' },
      batch: { type: 'string' },
      steps: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2' },
      size: { type: 'string', default: '32' },
    },
  });
  const backend = choice(values.backend, 'backend', ['webgpu', 'native']);
  const modelName = choice(values.model, 'model', ['resnet20', 'vgg-small']);
  const batch = positive(values.batch, 'batch');
  const steps = positive(values.steps, 'steps');
  const warmup = positive(values.warmup, 'warmup');
  const size = positive(values.size, 'size');
  await activate(backend);
  const result = await timeTraining(buildModel(modelName, size), batch, steps, warmup);
  console.log(JSON.stringify({ backend, model: modelName, batch, size, steps, ...result }));
} else {
  console.error('usage: webgpu-bench.ts adapter | speed --backend webgpu|native --model resnet20|vgg-small --batch N [--steps 5] [--warmup 2] [--size 32]');
  process.exit(2);
}

async function activate(backend: 'webgpu' | 'native'): Promise<void> {
  if (backend === 'webgpu') {
    const webgpu = await import('@signflow/backend-webgpu');
    if (!webgpu.isWebGpuAvailable()) fail(`webgpu is not available: ${webgpu.webGpuUnavailableReason()}`);
  } else {
    const native = await import('@signflow/backend-native');
    if (!native.isNativeAvailable()) fail(`native is not available: ${native.nativeUnavailableReason()}`);
  }
  if (!(await tf.setBackend(backend))) fail(`the ${backend} backend failed to initialise`);
}

function buildModel(name: 'resnet20' | 'vgg-small', size: number): LayersModel {
  const options = { inputShape: [size, size, 3] as [number, number, number], numClasses: 10, seed: 1, weightEstimator: reste.create({}), activationEstimator: reste.create({}) };
  return name === 'resnet20' ? resnet20(options) : vggSmall(options);
}

/** Times `steps` training steps after `warmup` untimed ones. */
async function timeTraining(model: LayersModel, batch: number, steps: number, warmup: number): Promise<{ imagesPerSecond: number; msPerStep: number; warmupSeconds: number }> {
  const inputShape = model.inputs[0]?.shape.slice(1) as number[];
  const x = tf.randomUniform([batch, ...inputShape], -1, 1, 'float32', 1);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10);
  const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const optimizer = tf.train.momentum(0.05, 0.9);
  const step = async (): Promise<void> => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true, variables);
    const value = (await (loss as tf.Scalar).data())[0] as number;
    (loss as tf.Scalar).dispose();
    if (!Number.isFinite(value)) fail(`the loss became ${value}`);
  };
  const warmupStart = performance.now();
  for (let i = 0; i < warmup; i++) await step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([x, labels]);
  optimizer.dispose();
  model.dispose();
  return { imagesPerSecond: (steps * batch) / seconds, msPerStep: (1000 * seconds) / steps, warmupSeconds: (start - warmupStart) / 1000 };
}

function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T {
  if (value === undefined || !allowed.includes(value as T)) fail(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function positive(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got ${String(value)}`);
  return n;
}

function fail(message: string): never {
  console.error(`webgpu-bench: ${message}`);
  process.exit(1);
}
