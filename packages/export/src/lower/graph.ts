/**
 * The inference graph every export format is written from: the layers of a signflow model
 * lowered to a few operations (NHWC), weights read out as float32 arrays, quantised kernels both
 * as their forward values (what the model computes with) and as signs and α (what a binary
 * format stores). Inputs are named by the operations that produce them.
 */

/** A batch normalisation at inference: running statistics and the affine parameters. */
export interface IrBatchNorm {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly epsilon: number;
}

/** Weights of a convolution or dense layer, HWIO (dense: [in, out]). */
export type IrWeights =
  /** Full precision. */
  | { readonly kind: 'float'; readonly values: Float32Array }
  /** Signs times α: `values` as the model computes them, `signs` (±1) and `alpha` for binary formats. */
  | { readonly kind: 'binary'; readonly values: Float32Array; readonly signs: Float32Array; readonly scale: 'layer' | 'channel' | 'none'; readonly alpha: Float32Array }
  /** Quantised to more than one bit: the forward values only. */
  | { readonly kind: 'quantized'; readonly values: Float32Array; readonly bits: number };

interface KernelFields {
  readonly name: string;
  readonly inputs: [string];
  /** `sign`: the input is binarised (sign, 0 → +1) before the product. */
  readonly inputQuant: 'none' | 'sign';
  readonly weights: IrWeights;
  readonly bias?: Float32Array;
  /** Epilogue after the bias: ReLU, then batch norm. */
  readonly relu: boolean;
  readonly batchNorm?: IrBatchNorm;
  /** The model layers this operation stands for (for messages). */
  readonly layers: string[];
}

/** A 2-D convolution, NHWC, symmetric zero padding applied after input binarisation. */
export interface IrConv2D extends KernelFields {
  readonly op: 'conv2d';
  readonly kernel: [number, number];
  readonly strides: [number, number];
  readonly padding: [number, number];
  readonly channels: number;
  readonly filters: number;
}

/** A dense layer on a [batch, features] input. */
export interface IrDense extends KernelFields {
  readonly op: 'dense';
  readonly features: number;
  readonly units: number;
}

interface Plain {
  readonly name: string;
  readonly inputs: string[];
  readonly layers: string[];
}

/** One operation of the inference graph. */
export type IrOp =
  | IrConv2D
  | IrDense
  | (Plain & { readonly op: 'batchNorm'; readonly batchNorm: IrBatchNorm })
  | (Plain & { readonly op: 'relu' })
  | (Plain & { readonly op: 'add' })
  | (Plain & { readonly op: 'maxPool'; readonly size: [number, number]; readonly strides: [number, number]; readonly padding: [number, number] })
  | (Plain & { readonly op: 'globalAveragePool' })
  | (Plain & { readonly op: 'subsample'; readonly stride: number })
  | (Plain & { readonly op: 'padChannels'; readonly before: number; readonly after: number })
  | (Plain & { readonly op: 'pad'; readonly pads: [number, number, number, number] })
  | (Plain & { readonly op: 'permute'; readonly dims: number[] })
  | (Plain & { readonly op: 'flatten'; readonly order: 'hwc' | 'chw' });

/** The inference graph of a model. */
export interface IrGraph {
  readonly name: string;
  readonly input: { readonly name: string; readonly shape: number[] };
  readonly output: string;
  readonly ops: IrOp[];
}
