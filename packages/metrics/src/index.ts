/**
 * Accuracy, the ReSTE paper's indicators (estimating error, gradient instability), flip ratio,
 * distributions and the bit-aware model summary.
 *
 * @module @signflow/metrics
 */
export { topKAccuracy, topKCorrect, topKCorrectAsync } from './accuracy/top-k.js';
export { TopKAccumulator, type TopKResult } from './accuracy/top-k-accumulator.js';
export { fittingError } from './indicators/power-fit.js';
export { estimatingError, estimatingErrorAsync, estimatingErrorPerLayer, estimatingErrorPerLayerAsync } from './indicators/estimating-error.js';
export {
  gradientInstability,
  gradientInstabilityAsync,
  gradientInstabilityPerLayer,
  gradientInstabilityPerLayerAsync,
  gradientInstabilityPooled,
} from './indicators/gradient-instability.js';
export {
  aggregateIndicators,
  IndicatorTracker,
  type EpochIndicators,
  type GradientInstabilityVariant,
  type IndicatorAggregates,
} from './indicators/indicator-tracker.js';
export { histogram, type Histogram, type HistogramOptions } from './indicators/histogram.js';
export { fittingErrorHistogram, gradientHistogram, type Distribution } from './indicators/distributions.js';
export { binarizedKernels, kernelGradients, kernelValues, type BinarizedKernel } from './model/binarized-kernels.js';
export { FlipRatioTracker, type FlipRatio } from './flip-ratio.js';
export { summary } from './summary/summary.js';
export { formatSummary, groupDigits } from './summary/format-summary.js';
export type { LayerSummary, ModelSummary, OutputShape, PrecisionSource, SummaryTotals, WeightProfile } from './summary/types.js';
export {
  EPOCH_LOG_FILE,
  EPOCH_NUMBER_FIELDS,
  hyperFields,
  EpochLogError,
  parseEpochLog,
  type EpochNumberField,
  type EpochRecord,
} from './run-log/epoch-log.js';
export { readEpochLog } from './run-log/read-epoch-log.js';
