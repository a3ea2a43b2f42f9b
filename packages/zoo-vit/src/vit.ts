import {
  BackboneModel,
  QuantDense,
  resolveBackboneOptions,
  torchDefault,
  type BackboneOptions,
  type Initializer,
  type ResolvedBackboneOptions,
} from '@signflow/core';
import { initializers, input, layers, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { ClassTokenEmbedding, ClassTokenReadout } from './layers/class-token.js';
import { LayerNorm } from './layers/layer-norm.js';
import { MultiHeadDotProductAttention } from './layers/multi-head-attention.js';

/** Options of {@link vitTiny}: the backbone options plus the shape of the transformer. */
export interface VitOptions extends BackboneOptions {
  /** Side of the square patches; must divide the input height and width. Default 16. */
  patchSize?: number;
  /** Number of transformer blocks; default 12. */
  depth?: number;
  /** Token dimension; default 192. */
  embedDim?: number;
  /** Attention heads; must divide `embedDim`. Default 3. */
  numHeads?: number;
  /** Hidden width of the MLP as a multiple of `embedDim`; default 4. */
  mlpRatio?: number;
}

/** The transformer's shape, validated. */
interface VitShape {
  readonly patchSize: number;
  readonly depth: number;
  readonly embedDim: number;
  readonly numHeads: number;
  readonly mlpDim: number;
}

/** timm's initialisation of ViT linear layers and position embedding: N(0, 0.02²). */
const TOKEN_STD = 0.02;

/** timm's initialisation of the class token: N(0, (1e-6)²). */
const CLASS_TOKEN_STD = 1e-6;

/** LayerNorm epsilon of ViT. */
const LAYER_NORM_EPSILON = 1e-6;

/**
 * ViT-tiny (Dosovitskiy et al. 2021; docs/method.md §6.7, the paper's appendix) with binary attention and
 * MLP: a full-precision patch embedding (Conv patch×patch, stride patch, with bias), a learned
 * class token and position embedding, `depth` pre-norm blocks
 * x + proj(attention(q(LN(x)), k(LN(x)), v(LN(x)))) then x + fc2(GELU(fc1(LN(x)))), a final
 * LayerNorm (ε 1e-6) and a full-precision Linear head on the class token. The q, k, v, output
 * projections and both MLP layers are `QuantDense` layers (with bias) whose kernels go through the
 * weight estimator (scaled by mean |W| over the layer, as the convolutions) and whose inputs go
 * through the activation estimator; the appendix trains 1W/32A (activation estimator null).
 *
 * Defaults are the usual tiny configuration: 224×224×3, patch 16, embedding 192, depth 12, 3 heads,
 * MLP ratio 4, 1000 classes: 5,717,416 parameters, 72 binary layers holding 5,308,416 weights.
 * Smaller settings train on 28×28 or 32×32 images, e.g. `{ inputShape: [28, 28, 1], patchSize: 7,
 * depth: 4, embedDim: 64, numHeads: 4, numClasses: 10 }`. Initialisation follows timm: linear
 * weights and the position embedding N(0, 0.02²), biases 0, class token N(0, 10⁻¹²), the patch
 * embedding PyTorch's default U(±1/√fan_in), LayerNorm γ = 1, β = 0.
 */
export function vitTiny(options?: VitOptions): LayersModel {
  const resolved = resolveBackboneOptions('vitTiny', options, { numClasses: 1000, inputShape: [224, 224, 3] });
  const shape = resolveShape(options ?? {}, resolved.inputShape);
  const [height, width, channels] = resolved.inputShape;
  const patches = (height / shape.patchSize) * (width / shape.patchSize);
  const fanIn = shape.patchSize * shape.patchSize * channels;

  const inputs = input({ shape: resolved.inputShape, name: 'input' });
  const embed = layers.conv2d({
    name: 'patch_embed',
    filters: shape.embedDim,
    kernelSize: shape.patchSize,
    strides: shape.patchSize,
    padding: 'valid',
    useBias: true,
    kernelInitializer: torchDefault(fanIn, resolved.seeds.next()),
    biasInitializer: torchDefault(fanIn, resolved.seeds.next()),
  });
  const tokens = apply(layers.reshape({ name: 'patch_tokens', targetShape: [patches, shape.embedDim] }), apply(embed, inputs));
  let x = apply(
    new ClassTokenEmbedding({
      name: 'class_token',
      classTokenInitializer: normal(CLASS_TOKEN_STD, resolved.seeds.next()),
      positionInitializer: normal(TOKEN_STD, resolved.seeds.next()),
    }),
    tokens,
  );
  for (let block = 1; block <= shape.depth; block += 1) x = transformerBlock(resolved, shape, x, `b${block}`);
  const normed = apply(new LayerNorm({ name: 'norm', epsilon: LAYER_NORM_EPSILON }), x);
  const classToken = apply(new ClassTokenReadout({ name: 'readout' }), normed);
  const head = layers.dense({
    name: 'head',
    units: resolved.numClasses,
    useBias: true,
    kernelInitializer: normal(TOKEN_STD, resolved.seeds.next()),
    biasInitializer: initializers.zeros(),
  });
  return new BackboneModel({ inputs, outputs: apply(head, classToken), name: 'vit-tiny' });
}

/** One pre-norm block: x + attention(LN(x)), then x + MLP(LN(x)). */
function transformerBlock(options: ResolvedBackboneOptions, shape: VitShape, x: SymbolicTensor, name: string): SymbolicTensor {
  const normed = apply(new LayerNorm({ name: `${name}_norm1`, epsilon: LAYER_NORM_EPSILON }), x);
  const [q, k, v] = ['q', 'k', 'v'].map((p) => apply(binaryLinear(options, `${name}_${p}`, shape.embedDim), normed));
  const attended = new MultiHeadDotProductAttention({ name: `${name}_attention`, numHeads: shape.numHeads }).apply([q, k, v]) as SymbolicTensor;
  const projected = apply(binaryLinear(options, `${name}_proj`, shape.embedDim), attended);
  const afterAttention = layers.add({ name: `${name}_add1` }).apply([x, projected]) as SymbolicTensor;

  const normed2 = apply(new LayerNorm({ name: `${name}_norm2`, epsilon: LAYER_NORM_EPSILON }), afterAttention);
  const hidden = apply(layers.activation({ name: `${name}_gelu`, activation: 'gelu' }), apply(binaryLinear(options, `${name}_fc1`, shape.mlpDim), normed2));
  const mlpOut = apply(binaryLinear(options, `${name}_fc2`, shape.embedDim), hidden);
  return layers.add({ name: `${name}_add2` }).apply([afterAttention, mlpOut]) as SymbolicTensor;
}

/** A binarised linear layer with bias: kernel through the weight estimator, input through the activation estimator. */
function binaryLinear(options: ResolvedBackboneOptions, name: string, units: number): QuantDense {
  return new QuantDense({
    name,
    units,
    useBias: true,
    kernelEstimator: options.weightEstimator,
    inputEstimator: options.activationEstimator,
    kernelInitializer: normal(TOKEN_STD, options.seeds.next()),
    biasInitializer: initializers.zeros(),
  });
}

/** Validates the transformer's shape against the input; every error names the option and its value. */
function resolveShape(options: VitOptions, inputShape: [number, number, number]): VitShape {
  const positive = (name: keyof VitOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw new RangeError(`vitTiny: ${name} = ${JSON.stringify(value)} must be a positive integer.`);
    }
    return value as number;
  };
  const patchSize = positive('patchSize', 16);
  const depth = positive('depth', 12);
  const embedDim = positive('embedDim', 192);
  const numHeads = positive('numHeads', 3);
  const mlpRatio = options.mlpRatio ?? 4;
  const [height, width] = inputShape;
  if (height % patchSize !== 0 || width % patchSize !== 0) {
    throw new RangeError(
      `vitTiny: patchSize = ${patchSize} must divide the input height and width, got inputShape = ${JSON.stringify(inputShape)}; ` +
        `choose a divisor of ${height}${height === width ? '' : ` and ${width}`}.`,
    );
  }
  if (embedDim % numHeads !== 0) {
    throw new RangeError(`vitTiny: numHeads = ${numHeads} must divide embedDim = ${embedDim}.`);
  }
  const mlpDim = Math.round(embedDim * mlpRatio);
  if (!Number.isFinite(mlpRatio) || mlpRatio <= 0 || mlpDim < 1) {
    throw new RangeError(`vitTiny: mlpRatio = ${JSON.stringify(mlpRatio)} must be a positive number giving at least one hidden unit.`);
  }
  return { patchSize, depth, embedDim, numHeads, mlpDim };
}

/** N(0, std²), untruncated. */
function normal(stddev: number, seed: number | undefined): Initializer {
  return initializers.randomNormal({ mean: 0, stddev, seed });
}

function apply(layer: layers.Layer, x: SymbolicTensor): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}
