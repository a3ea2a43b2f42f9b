// Runs in a project outside the workspace that installed the packed @signflow packages from their
// tarballs: builds a binary MLP whose weights and activations use ReSTE, takes two SGD steps and
// prints what the test checks as one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { QuantDense, registerPlugins, listEstimators } from '@signflow/core';
import { createReSTE, plugin } from '@signflow/estimator-reste';
import { mlp } from '@signflow/zoo-small';

await tf.setBackend('cpu');
registerPlugins(plugin);

const model = mlp({
  inputShape: [8, 8, 1],
  numClasses: 4,
  hidden: [16, 16],
  weightEstimator: createReSTE(),
  activationEstimator: createReSTE(),
  seed: 7,
});
const binary = model.layers.find((layer) => layer instanceof QuantDense);
if (binary === undefined) throw new Error('the MLP has no QuantDense layer');
const kernel = binary.trainableWeights[0].read();
const kernelBefore = kernel.dataSync().slice();

const images = tf.randomUniform([6, 8, 8, 1], -1, 1, 'float32', 11);
const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4);
const optimizer = tf.train.sgd(0.5);
const losses = [];
const tensorsBefore = tf.memory().numTensors;
for (let step = 0; step < 2; step++) {
  const { value, grads } = tf.variableGrads(() =>
    tf.losses.softmaxCrossEntropy(labels, model.apply(images, { training: true })),
  );
  optimizer.applyGradients(grads);
  losses.push(value.dataSync()[0]);
  value.dispose();
  tf.dispose(grads);
}
const kernelAfter = binary.trainableWeights[0].read().dataSync();
const changed = kernelAfter.filter((w, i) => w !== kernelBefore[i]).length;

console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    estimators: listEstimators(),
    losses,
    binaryKernel: binary.name,
    kernelSize: kernelAfter.length,
    kernelChanged: changed,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  }),
);
