import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import type { BackboneOptions, BackbonePlugin, EstimatorPlugin } from '@signflow/core';
import { plugin as approxsign } from '@signflow/estimator-approxsign';
import { plugin as dorefa } from '@signflow/estimator-dorefa';
import { plugin as dsq } from '@signflow/estimator-dsq';
import { plugin as ede } from '@signflow/estimator-ede';
import { plugin as fda } from '@signflow/estimator-fda';
import { plugin as rbnn } from '@signflow/estimator-rbnn';
import { plugin as reste } from '@signflow/estimator-reste';
import { plugin as ste } from '@signflow/estimator-ste';
import { resnet20, resnet20BiReal } from '@signflow/zoo-resnet';
import { lenet, mlp } from '@signflow/zoo-small';
import { vggSmall } from '@signflow/zoo-vgg';
import { vitTiny } from '@signflow/zoo-vit';
import {
  deviceErrorCount,
  expectNoDeviceErrors,
  expectSameGradients,
  requireAdapterInCi,
  setBinaryKernelsToPowerOfTwo,
  stepGradients,
  webGpuReady,
} from './webgpu-helpers.js';

requireAdapterInCi();

// Loaded as the app loads it (an optional dependency, imported when selected).
const native = await import('@signflow/backend-native');

/** A 1W/1A model of `create` with `estimator` on both roles, seeded. */
function build(create: BackbonePlugin['create'], estimator: EstimatorPlugin, options: BackboneOptions & Record<string, unknown>): LayersModel {
  return create({
    ...options,
    numClasses: 10,
    seed: 7,
    weightEstimator: estimator.create({ ...estimator.roleDefaults?.weights }),
    activationEstimator: estimator.create({ ...estimator.roleDefaults?.activations }),
  });
}

/** One training step's loss and gradients on cpu and on webgpu, compared (1e-4 relative per tensor). */
async function expectSameStep(model: LayersModel, batch: number, powerOfTwoKernels: boolean): Promise<void> {
  if (powerOfTwoKernels) setBinaryKernelsToPowerOfTwo(model);
  const inputShape = model.inputs[0]?.shape.slice(1) as number[];
  const x = tf.randomUniform([batch, ...inputShape], -1, 1, 'float32', 3);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 3) % 10), 'int32'), 10);
  const errors = deviceErrorCount();
  try {
    const expected = await stepGradients('cpu', model, x, labels);
    const actual = await stepGradients('webgpu', model, x, labels);
    expectNoDeviceErrors(errors);
    expectSameGradients(actual, expected);
  } finally {
    tf.dispose([x, labels]);
    model.dispose();
  }
}

describe.skipIf(!webGpuReady)('a training step on webgpu has the gradients it has on cpu', () => {
  it('zoo ResNet-20, 1W/1A ReSTE', async () => {
    // 16×16 inputs: every layer of the CIFAR network (stem, three stages, option-A shortcuts, head) at a quarter of the pixels.
    await expectSameStep(build(resnet20, reste, { inputShape: [16, 16, 3] }), 4, true);
  });

  it('a zoo ViT block, 1W/1A ReSTE (binary q, k, v, projection and MLP; LayerNorm, softmax attention, GELU)', async () => {
    // Smooth functions follow the binary layers (no ReLU kink), so the seeded initialisation is compared as it is.
    await expectSameStep(build(vitTiny, reste, { inputShape: [8, 8, 3], patchSize: 4, depth: 1, embedDim: 32, numHeads: 2 }), 8, false);
  });

  // Every estimator's forward and pseudo-gradient, on the smallest backbone.
  for (const estimator of [ste, dorefa, ede, rbnn, approxsign, dsq, fda]) {
    it(`the MLP with ${estimator.id}`, async () => {
      await expectSameStep(build(mlp, estimator, { inputShape: [8, 8, 1], hidden: [32, 32, 32] }), 8, true);
    });
  }

  // Every other backbone's layers (ReSTE).
  it('LeNet (max pools after ReLU and batch norm: tied maxima)', async () => {
    await expectSameStep(build(lenet, reste, { inputShape: [12, 12, 1] }), 8, true);
  });

  it('ResNet-20 Bi-Real', async () => {
    await expectSameStep(build(resnet20BiReal, reste, { inputShape: [8, 8, 3] }), 8, true);
  });

  it('VGG-small (a quarter of the channels: the cpu reference of the full width takes minutes)', async () => {
    await expectSameStep(build(vggSmall, reste, { inputShape: [8, 8, 3], widthMultiplier: 0.25 }), 4, true);
  });

  // The native backend replaces the batch-norm, ReLU, Mean, Square and Sub gradients while it is
  // active and restores tfjs's own when another backend is set (a process that ran native first).
  it.skipIf(!native.isNativeAvailable() && process.env['CI'] === undefined)('the MLP after the native backend ran', async () => {
    if (!native.isNativeAvailable()) expect.fail(`the native backend is needed here: ${native.nativeUnavailableReason()}`);
    const before = tf.getGradient('FusedBatchNorm')?.gradFunc;
    await tf.setBackend('native');
    tf.tidy(() => {
      const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
      const { mean, variance } = tf.moments(x, [0]);
      return tf.batchNorm(x, mean, variance);
    });
    await tf.setBackend('cpu');
    expect(tf.getGradient('FusedBatchNorm')?.gradFunc).toBe(before);
    await expectSameStep(build(mlp, reste, { inputShape: [8, 8, 1], hidden: [32, 32, 32] }), 8, true);
  });
});
