import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Estimator } from './estimator.js';

/**
 * Applies `estimator` to `x`: the value is `estimator.forward(x)`, the gradient with respect to
 * `x` is `estimator.pseudoGrad(x, dy)`. This is the only place where estimators meet autodiff.
 * Hyper-parameters are read when the forward and backward passes run, so a schedule that changes
 * them between steps takes effect at the next step.
 */
export function quantize(estimator: Estimator, x: Tensor): Tensor {
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([input]);
    return {
      value: estimator.forward(input),
      gradFunc: (dy: Tensor, saved: Tensor[]) => estimator.pseudoGrad(saved[0], dy),
    };
  });
  return op(x) as Tensor;
}

/**
 * `sign` with 0 mapped to +1, so that binary tensors hold exactly ±1 (a documented deviation
 * from `tf.sign`, whose value at 0 is 0). The forward pass of every 1-bit estimator.
 */
export function binarySign(x: Tensor): Tensor {
  // sign(sign(x) + 0.5): three element-wise passes, where a select between ±1 tensors takes five.
  return tf.tidy(() => tf.sign(tf.add(tf.sign(x), tf.scalar(0.5))));
}
