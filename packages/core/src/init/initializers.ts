import { initializers } from '@tensorflow/tfjs-layers';
import type { Initializer } from '../layers/initializer.js';

/**
 * Kaiming normal, fan-in, gain √2: N(0, 2/fanIn), untruncated (PyTorch's `kaiming_normal_`).
 * Not tfjs's `heNormal`, which draws from a truncated normal.
 */
export function kaimingNormal(fanIn: number, seed: number | undefined): Initializer {
  return initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / fanIn), seed });
}

/**
 * PyTorch's default for the weights and biases of `Conv2d` and `Linear`: U(±1/√fanIn)
 * (`kaiming_uniform_` with a = √5 for weights, the same bound for biases).
 */
export function torchDefault(fanIn: number, seed: number | undefined): Initializer {
  const bound = 1 / Math.sqrt(fanIn);
  return initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}
