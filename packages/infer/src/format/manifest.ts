/**
 * The manifest of a packed model (docs/export-format.md): the architecture as a list of
 * operations, each naming its inputs by the names of the operations that produce them, and where
 * each weight tensor lies in the payload.
 */

/** The format's name in every manifest. */
export const PACKED_FORMAT = 'signflow-packed';

/** The newest format version this package reads and writes. */
export const PACKED_FORMAT_VERSION = 1;

/**
 * A tensor in the payload: `offset` bytes from the payload's start (a multiple of 8), `count`
 * elements of `dtype`. `bits` tensors hold `count` bits packed 64 to a little-endian word, bit 1
 * meaning −1; the last word is zero-padded.
 */
export interface TensorRef {
  readonly offset: number;
  readonly count: number;
  readonly dtype: 'float32' | 'bits';
}

/** Binary weights: signs as bits, with the kernel scale α (one per layer or per output channel, or none). */
export interface BinaryWeights {
  readonly kind: 'binary';
  /** The signs, output channel by output channel, each in the kernel's (height, width, input channel) order. */
  readonly signs: TensorRef;
  /** `layer`: one α; `channel`: one α per output channel; `none`: ±1 weights. */
  readonly scale: 'layer' | 'channel' | 'none';
  /** α, absent when `scale` is `none`. */
  readonly alpha?: TensorRef;
}

/** Full-precision weights, HWIO for convolutions and [in, out] for dense layers. */
export interface FloatWeights {
  readonly kind: 'float';
  readonly values: TensorRef;
}

/** A folded batch normalisation: y = multiplier · x + bias per channel. */
export interface FoldedBatchNorm {
  readonly multiplier: TensorRef;
  readonly bias: TensorRef;
}

/** What convolutions and dense layers share: weights and the epilogue x → bias → ReLU → batch norm. */
interface KernelOpFields {
  /** Whether the input is binarised (sign, 0 → +1) before the product. */
  readonly binaryInput: boolean;
  readonly weights: BinaryWeights | FloatWeights;
  readonly bias?: TensorRef;
  readonly relu?: boolean;
  readonly batchNorm?: FoldedBatchNorm;
}

/** A 2-D convolution, NHWC; padding adds zeros after input binarisation (they contribute 0). */
export interface Conv2DOp extends KernelOpFields {
  readonly op: 'conv2d';
  readonly name: string;
  readonly inputs: [string];
  readonly kernel: [number, number];
  readonly strides: [number, number];
  readonly padding: [number, number];
  readonly channels: number;
  readonly filters: number;
}

/** A dense layer on the last axis. */
export interface DenseOp extends KernelOpFields {
  readonly op: 'dense';
  readonly name: string;
  readonly inputs: [string];
  readonly features: number;
  readonly units: number;
}

/** A batch normalisation not folded into a layer before it. */
export interface AffineOp extends FoldedBatchNorm {
  readonly op: 'affine';
  readonly name: string;
  readonly inputs: [string];
}

/** Operations without weights. */
export type PlainOp =
  | { readonly op: 'relu'; readonly name: string; readonly inputs: [string] }
  | { readonly op: 'add'; readonly name: string; readonly inputs: [string, string] }
  | {
      readonly op: 'maxPool';
      readonly name: string;
      readonly inputs: [string];
      readonly size: [number, number];
      readonly strides: [number, number];
      /** −∞ padding on each side (padded cells never win). */
      readonly padding: [number, number];
    }
  | { readonly op: 'globalAveragePool'; readonly name: string; readonly inputs: [string] }
  /** x[:, ::stride, ::stride, :] */
  | { readonly op: 'subsample'; readonly name: string; readonly inputs: [string]; readonly stride: number }
  /** Zero channels before and after the existing ones. */
  | { readonly op: 'padChannels'; readonly name: string; readonly inputs: [string]; readonly before: number; readonly after: number }
  /** Zero rows and columns: [top, bottom, left, right]. */
  | { readonly op: 'pad'; readonly name: string; readonly inputs: [string]; readonly pads: [number, number, number, number] }
  /** To one feature axis, in (height, width, channel) or (channel, height, width) order. */
  | { readonly op: 'flatten'; readonly name: string; readonly inputs: [string]; readonly order: 'hwc' | 'chw' };

/** One operation of a packed model. */
export type PackedOp = Conv2DOp | DenseOp | AffineOp | PlainOp;

/** The model's input and what it expects. */
export interface PackedInput {
  /** Name by which the first operations refer to it. */
  readonly name: string;
  /** Shape without the batch axis: [height, width, channels] or [features]. */
  readonly shape: number[];
}

/** How images become the model's input, and what its outputs mean. */
export interface Preprocessing {
  /** The dataset the model was trained on (name or folder). */
  readonly dataset?: string;
  /** `x' = (x / 255 − mean) / std` per channel. */
  readonly mean: number[];
  readonly std: number[];
}

/** The manifest of a packed model. */
export interface PackedManifest {
  readonly format: typeof PACKED_FORMAT;
  readonly version: number;
  /** The model's name. */
  readonly name: string;
  readonly input: PackedInput;
  /** Name of the operation whose output is the logits. */
  readonly output: string;
  /** Class names, index by index, when known. */
  readonly classes?: string[];
  readonly preprocessing?: Preprocessing;
  /** Where the model comes from (run, epoch, settings), free-form. */
  readonly source?: Record<string, unknown>;
  /** Size and SHA-256 (hex) of the payload. */
  readonly weights: { readonly bytes: number; readonly sha256: string };
  readonly ops: PackedOp[];
}
