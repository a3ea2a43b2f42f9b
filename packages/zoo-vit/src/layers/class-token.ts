import { defaultLayerName, resolveInitializer, serializeInitializer, type Initializer, type InitializerConfig } from '@signflow/core';
import * as tf from '@tensorflow/tfjs-core';
import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, layers, type LayerVariable, type Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';

/** Arguments of {@link ClassTokenEmbedding}. */
export interface ClassTokenEmbeddingArgs extends LayerArgs {
  /** Initializer of the class token; default N(0, 0.02²). */
  classTokenInitializer?: Initializer | InitializerConfig;
  /** Initializer of the position embedding; default N(0, 0.02²). */
  positionInitializer?: Initializer | InitializerConfig;
}

/**
 * Prepends a learned class token to a [batch, tokens, dim] sequence and adds a learned position
 * embedding to every position, giving [batch, tokens + 1, dim] (ViT, Dosovitskiy et al. 2021).
 * Holds dim + (tokens + 1)·dim parameters.
 */
export class ClassTokenEmbedding extends layers.Layer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>ClassTokenEmbedding';

  private readonly classTokenInitializer: Initializer;
  private readonly positionInitializer: Initializer;
  private variables: { classToken: LayerVariable; position: LayerVariable } | null = null;

  constructor(args: ClassTokenEmbeddingArgs = {}) {
    super({ ...args, name: args.name ?? defaultLayerName('class_token_embedding') });
    const normal = (): Initializer => initializers.randomNormal({ mean: 0, stddev: 0.02 });
    this.classTokenInitializer = resolveInitializer(args.classTokenInitializer, normal);
    this.positionInitializer = resolveInitializer(args.positionInitializer, normal);
  }

  override build(inputShape: Shape | Shape[]): void {
    const [, tokens, dim] = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    if (tokens === null || dim === null) {
      throw new Error(`ClassTokenEmbedding '${this.name}': needs [batch, tokens, dim] with known tokens and dim.`);
    }
    this.variables = {
      classToken: this.addWeight('class_token', [1, 1, dim], 'float32', this.classTokenInitializer),
      position: this.addWeight('position_embedding', [1, tokens + 1, dim], 'float32', this.positionInitializer),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, tokens, dim] = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    return [batch, tokens === null ? null : tokens + 1, dim];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.variables === null) throw new Error(`ClassTokenEmbedding '${this.name}' is called before it is built.`);
      // Broadcast and pad rather than tile and concat: their gradients are a sum and two slices,
      // where tile's is one slice and add per example and concat's a slow split.
      const [batch, tokens, dim] = x.shape;
      const classTokens = tf.pad(tf.broadcastTo(this.variables.classToken.read(), [batch, 1, dim]), [[0, 0], [0, tokens], [0, 0]]);
      const sequence = tf.add(classTokens, tf.pad(x, [[0, 0], [1, 0], [0, 0]]));
      return tf.add(sequence, this.variables.position.read());
    });
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      classTokenInitializer: serializeInitializer(this.classTokenInitializer) as unknown as serialization.ConfigDict,
      positionInitializer: serializeInitializer(this.positionInitializer) as unknown as serialization.ConfigDict,
    };
  }
}

serialization.registerClass(ClassTokenEmbedding);

/** Takes the class token (position 0) out of a [batch, tokens, dim] sequence: [batch, dim]. */
export class ClassTokenReadout extends layers.Layer {
  /** Serialisation name, namespaced to avoid clashes. */
  static className = 'signflow>ClassTokenReadout';

  constructor(args: LayerArgs = {}) {
    super({ ...args, name: args.name ?? defaultLayerName('class_token_readout') });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, , dim] = (Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape) as Shape;
    return [batch, dim];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const [batch, , dim] = x.shape;
      return tf.reshape(tf.slice(x, [0, 0, 0], [batch, 1, dim]), [batch, dim]);
    });
  }
}

serialization.registerClass(ClassTokenReadout);
