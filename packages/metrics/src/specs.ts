/**
 * The figures' Vega-Lite specifications and the epoch-log parser without any Node.js module or
 * renderer, for pages that draw them in a browser (vega-embed): line charts, a run's training
 * curves, estimator curves computed with TensorFlow.js, the hyper-parameter schedules and the
 * indicator figure. `@signflow/metrics/plots` adds the SVG/PNG rendering and file writing.
 *
 * @module @signflow/metrics/specs
 */
export { PANEL } from './plots/panel.js';
export { lineChartSpec, type LineChartOptions, type LinePoint } from './plots/line-chart.js';
export { trainingCurvePanels, trainingCurvePoints, trainingCurveSpecs, type CurvePanel } from './plots/training-curve-specs.js';
export {
  defaultSweep,
  estimatorCurves,
  estimatorPlotSpec,
  type EstimatorCurveOptions,
  type EstimatorCurvePoint,
  type HyperSweep,
} from './plots/estimator-curves.js';
export { scheduleCurves, schedulePlotSpec, type ScheduleCurveOptions } from './plots/schedule-curves.js';
export { indicatorPlotSpec, type IndicatorPlotOptions, type IndicatorPoint } from './plots/indicator-spec.js';
export {
  EPOCH_LOG_FILE,
  EPOCH_NUMBER_FIELDS,
  EpochLogError,
  hyperFields,
  parseEpochLog,
  type EpochNumberField,
  type EpochRecord,
} from './run-log/epoch-log.js';
