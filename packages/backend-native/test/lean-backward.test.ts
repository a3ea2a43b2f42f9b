import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leanGradients } from '../src/lean-backward.js';
import { input, nativeReady, randomArray } from './helpers.js';

type Engine = Parameters<typeof leanGradients>[0];
const engine = (): Engine => tf.engine() as unknown as Engine;
/** tfjs's own pass, whatever is installed on the engine instance. */
const stockGradients: Engine['gradients'] = (f, xs, dy, allow) =>
  (Object.getPrototypeOf(tf.engine()) as Engine).gradients.call(tf.engine(), f, xs, dy, allow);

/** Returns its upstream gradient unchanged: the tensor `dy` itself becomes the input's gradient. */
const identityGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.mul(x, 1), gradFunc: (dy) => dy as tf.Tensor };
}) as (x: tf.Tensor) => tf.Tensor;

/** Returns a tensor saved in the forward pass as the input's gradient. */
const savedAsGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const scale = tf.add(tf.abs(x), 1);
  save([scale]);
  return { value: tf.mul(x, scale), gradFunc: (_dy, saved) => (saved as tf.Tensor[])[0] as tf.Tensor };
}) as (x: tf.Tensor) => tf.Tensor;

/**
 * Residual branches, a tensor used three times, an unused output of a multi-output op, and the
 * custom gradients above: the cases where one gradient tensor sits under several ids.
 */
function graph(x: tf.Tensor, w: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const h = tf.relu(tf.matMul(x, w));
  const [left] = tf.split(h, 2, 1) as [tf.Tensor, tf.Tensor];
  const r = tf.add(tf.mul(identityGrad(h), v), savedAsGrad(h));
  const both = tf.add(tf.tile(left as tf.Tensor, [1, 2]), tf.sigmoid(r));
  return tf.sum(tf.mul(tf.add(both, h), identityGrad(both)));
}

/** The identity, calling `onBackward` when the backward pass reaches it. */
function backwardProbe(onBackward: () => void): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.mul(args[0] as tf.Tensor, 1),
    gradFunc: (dy) => {
      onBackward();
      return tf.mul(dy as tf.Tensor, 1);
    },
  })) as (x: tf.Tensor) => tf.Tensor;
}

const SHAPES = { x: [4, 6], w: [6, 8], v: [8] };

function values(list: readonly tf.Tensor[]): Float32Array[] {
  return list.map((t) => Float32Array.from(t.dataSync()));
}

describe('the lean backward pass', () => {
  let backendBefore: string;
  beforeEach(async () => {
    backendBefore = tf.getBackend();
    await tf.setBackend('cpu');
  });
  afterEach(async () => {
    await tf.setBackend(backendBefore);
  });

  it('computes exactly the gradients of tfjs’s own pass, and frees everything else', () => {
    const [x, w, v] = [input(SHAPES.x, 1), input(SHAPES.w, 2), input(SHAPES.v, 3)].map((i) => tf.tensor(i.values, i.shape));
    const xs = [x, w, v] as tf.Tensor[];
    const before = tf.memory().numTensors;
    const stock = stockGradients(() => graph(x as tf.Tensor, w as tf.Tensor, v as tf.Tensor), xs);
    const stockValues = values([stock.value, ...stock.grads]);
    tf.dispose([stock.value, ...stock.grads]);
    expect(tf.memory().numTensors).toBe(before);

    const lean = leanGradients(engine(), () => graph(x as tf.Tensor, w as tf.Tensor, v as tf.Tensor), xs);
    expect(values([lean.value, ...lean.grads])).toEqual(stockValues);
    tf.dispose([lean.value, ...lean.grads]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(xs);
  });

  it('leaves a caller-supplied dy alone and returns the gradient of an intermediate x', () => {
    const x = tf.tensor(randomArray(12, 5), [3, 4]);
    const dy = tf.tensor(randomArray(12, 6), [3, 4]);
    const f = (): tf.Tensor => identityGrad(tf.mul(x, x));
    const stock = stockGradients(f, [x], dy);
    const lean = leanGradients(engine(), f, [x], dy);
    expect(dy.isDisposed).toBe(false);
    expect(values(lean.grads)).toEqual(values(stock.grads));
    tf.dispose([x, dy, stock.value, lean.value, ...stock.grads, ...lean.grads]);
  });

  it('reports a y that does not depend on x as tfjs does', () => {
    const x = tf.scalar(1);
    const other = tf.scalar(2);
    expect(() => leanGradients(engine(), () => tf.square(other), [x])).toThrow(/Cannot compute gradient of y=f\(x\)/);
    tf.dispose([x, other]);
  });

  /** A chain of layers, with the bytes alive when the gradient reaches the first one. */
  function peakBytes(gradients: Engine['gradients']): number {
    let peak = 0;
    const probe = backwardProbe(() => {
      peak = tf.memory().numBytes;
    });
    const x = tf.tensor(randomArray(64 * 256, 7), [64, 256]);
    const ws = Array.from({ length: 12 }, (_, i) => tf.tensor(randomArray(256 * 256, 10 + i, -0.1, 0.1), [256, 256]));
    const { value, grads } = gradients(() => tf.sum(ws.reduce((h, w) => tf.tanh(tf.matMul(h, w)), probe(x))), [x]);
    tf.dispose([x, ...ws, value, ...grads]);
    return peak;
  }

  it('holds less memory at the end of the backward pass than tfjs’s own pass', () => {
    const stock = peakBytes(stockGradients);
    const lean = peakBytes((f, xs, dy, allow) => leanGradients(engine(), f, xs, dy, allow));
    // Stock keeps every activation and gradient of the 12 layers; the lean pass, only the weights
    // and a few gradients of the first layer.
    expect(lean).toBeLessThan(0.6 * stock);
  });
});

describe.skipIf(!nativeReady)('the native backend', () => {
  it('uses the lean backward pass for tf.grads', async () => {
    const before = tf.getBackend();
    try {
      await tf.setBackend('native');
      const [x, w, v] = [input(SHAPES.x, 1), input(SHAPES.w, 2), input(SHAPES.v, 3)].map((i) => tf.tensor(i.values, i.shape));
      const numTensors = tf.memory().numTensors;
      let aliveInBackward = 0;
      const probe = backwardProbe(() => {
        aliveInBackward = tf.memory().numTensors;
      });
      const grads = tf.grads((a: tf.Tensor) => graph(probe(a), w as tf.Tensor, v as tf.Tensor))([x as tf.Tensor]);
      // By the time the gradient reaches the first node, only its own dy (and the inputs) remain:
      // tfjs's own pass would still hold every saved tensor and gradient of the graph.
      expect(aliveInBackward - numTensors).toBeLessThanOrEqual(3);
      tf.dispose([x, w, v, ...grads] as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(numTensors - 3);
    } finally {
      await tf.setBackend(before);
    }
  });
});
