/** A layer's output shape(s), batch dimension null. */
export type OutputShape = (number | null)[] | (number | null)[][];

/** One weight tensor of a layer, at the precision it is stored with after training. */
export interface WeightProfile {
  /** Name within the layer, e.g. `kernel`, `gamma`, `moving_mean`. */
  readonly name: string;
  /** Its shape. */
  readonly shape: number[];
  /** Number of values. */
  readonly count: number;
  /** Bit-width of each value: the kernel estimator's bits for a quantised kernel, 32 otherwise. */
  readonly bits: number;
  /** Whether the optimiser updates it (BN moving statistics are not trainable). */
  readonly trainable: boolean;
}

/**
 * Where a layer's precision comes from: `declared` by one of signflow's quantised layers,
 * `assumed-32-bit` for a plain tfjs layer with weights or MACs (no declaration, counted as
 * full precision), `not-applicable` for a layer with neither (activation, pooling, add...).
 */
export type PrecisionSource = 'declared' | 'assumed-32-bit' | 'not-applicable';

/** The bit-aware profile of one layer. */
export interface LayerSummary {
  /** Layer name (prefixed with the enclosing model's name for nested models). */
  readonly name: string;
  /** Registered class name, e.g. `signflow>QuantConv2D`, `BatchNormalization`. */
  readonly className: string;
  /** Where `inputBits` and `kernelBits` come from. */
  readonly precision: PrecisionSource;
  /** Bit-width of the input as the layer computes with it; null when not applicable. */
  readonly inputBits: number | null;
  /** Bit-width of the kernel in the forward pass; null when not applicable. */
  readonly kernelBits: number | null;
  /** The weight tensors. */
  readonly weights: WeightProfile[];
  /** Number of weight values per bit-width (trainable and not), keyed by bits. */
  readonly paramsByBits: Record<number, number>;
  /**
   * Full-precision scale factors a deployed layer stores besides its weights: the kernel scale α
   * of a quantised kernel (1 for `layer-mean`, one per output channel for `channel-mean`, 0 for
   * `none`). Derived from the weights, so not parameters, but they take memory.
   */
  readonly scaleFactors: number;
  /** Storage in bits: each weight at its bit-width, scale factors at 32 bits; a batch norm as two 32-bit values per channel (folded). */
  readonly memoryBits: number;
  /** Multiply-accumulates per sample whose two operands are both 1-bit. */
  readonly binaryMacs: number;
  /** Multiply-accumulates per sample with at least one operand wider than 1 bit. */
  readonly floatMacs: number;
  /** Output shape(s). */
  readonly outputShape: OutputShape;
  /** Caveats, e.g. a class whose MACs are not counted or a layer applied more than once. */
  readonly notes: string[];
}

/** Model-wide totals of a {@link ModelSummary}. */
export interface SummaryTotals {
  /** Every weight value (trainable and not), as `model.countParams()`. */
  readonly params: number;
  /** Values the optimiser updates. */
  readonly trainableParams: number;
  /** Values it does not update (BN moving statistics...). */
  readonly nonTrainableParams: number;
  /** Number of weight values per bit-width, keyed by bits. */
  readonly paramsByBits: Record<number, number>;
  /** 1-bit weight values (`paramsByBits[1]`, 0 when none). */
  readonly binaryParams: number;
  /** Full-precision kernel scale factors stored besides the weights. */
  readonly scaleFactors: number;
  /** Storage of the model in bytes (weights at their bit-widths, scale factors at 32 bits). */
  readonly memoryBytes: number;
  /** Storage of the same weights all in float32, in bytes (`params` × 4). */
  readonly float32Bytes: number;
  /** `float32Bytes / memoryBytes`. */
  readonly compressionRatio: number;
  /** Binary MACs per sample. */
  readonly binaryMacs: number;
  /** Floating MACs per sample. */
  readonly floatMacs: number;
  /** Layers whose precision is assumed 32-bit because they do not declare it. */
  readonly undeclaredLayers: string[];
}

/** The bit-aware summary of a model: per layer, then totals. */
export interface ModelSummary {
  /** The model's name. */
  readonly name: string;
  /** One entry per layer, nested models flattened, in layer order. */
  readonly layers: LayerSummary[];
  /** The totals. */
  readonly totals: SummaryTotals;
}
