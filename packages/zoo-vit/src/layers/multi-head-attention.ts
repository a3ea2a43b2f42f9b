import { defaultLayerName } from '@signflow/core';
import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { layers, type Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';

/** Arguments of {@link MultiHeadDotProductAttention}. */
export interface MultiHeadDotProductAttentionArgs extends LayerArgs {
  /** Number of heads; must divide the embedding dimension. */
  numHeads: number;
}

/**
 * The parameter-free core of multi-head self-attention. Takes the projected queries, keys and
 * values [q, k, v], each [batch, tokens, dim]; splits dim into `numHeads` heads of dim / numHeads;
 * computes softmax(q·kᵀ / √(dim / numHeads)) · v per head; and concatenates the heads back to
 * [batch, tokens, dim]. The four projections around it are ordinary (quantised) dense layers, so
 * that each is a layer of its own for the estimators, the summaries and the optimiser.
 */
export class MultiHeadDotProductAttention extends layers.Layer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>MultiHeadDotProductAttention';

  readonly numHeads: number;

  constructor(args: MultiHeadDotProductAttentionArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('multi_head_dot_product_attention') });
    if (!Number.isInteger(args.numHeads) || args.numHeads < 1) {
      throw new RangeError(`MultiHeadDotProductAttention: numHeads = ${JSON.stringify(args.numHeads)} must be a positive integer.`);
    }
    this.numHeads = args.numHeads;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shapes = inputShape as Shape[];
    if (!Array.isArray(shapes[0]) || shapes.length !== 3) {
      throw new Error(`MultiHeadDotProductAttention '${this.name}': expects three inputs [queries, keys, values].`);
    }
    const dims = shapes.map((shape) => shape[shape.length - 1]);
    if (dims.some((d) => d !== dims[0]) || dims[0] === null || dims[0] % this.numHeads !== 0) {
      throw new Error(
        `MultiHeadDotProductAttention '${this.name}': queries, keys and values need the same known last dimension, divisible by numHeads = ${this.numHeads}; got ${JSON.stringify(dims)}.`,
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const [queries, keys, values] = inputs as Tensor[];
      const [batch, tokens, dim] = queries.shape;
      const headDim = dim / this.numHeads;
      // [batch, tokens, dim] → [batch, heads, tokens, headDim]
      const split = (t: Tensor): tf.Tensor4D => tf.transpose(tf.reshape(t, [batch, tokens, this.numHeads, headDim]), [0, 2, 1, 3]);
      const scores = tf.mul(tf.matMul(split(queries), split(keys), false, true), 1 / Math.sqrt(headDim));
      const attended = tf.matMul(softmax(scores), split(values));
      return tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch, tokens, dim]);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), numHeads: this.numHeads };
  }
}

serialization.registerClass(MultiHeadDotProductAttention);

/**
 * Softmax over the last axis from element-wise ops and reductions (max, sub, exp, sum, div), which
 * fast backends run natively; tfjs's fused `Softmax` kernel has no native implementation and its
 * JavaScript one is the slowest kernel of a small ViT's training step.
 */
function softmax(logits: Tensor): Tensor {
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  const e = tf.exp(shifted);
  return tf.div(e, tf.sum(e, -1, true));
}
