/**
 * Figures as Vega-Lite specifications rendered to SVG (and PNG): training curves, indicators,
 * histograms, estimator curves and schedules.
 *
 * @module @signflow/metrics/plots
 */
export { PLOT_FONT, renderSvg, svgToPng, writePlot, type PlotWriteOptions } from './render.js';
export { lineChartSpec, type LineChartOptions, type LinePoint } from './line-chart.js';
export { plotRun } from './training-curves.js';
export { trainingCurvePanels, trainingCurvePoints, trainingCurveSpecs, type CurvePanel } from './training-curve-specs.js';
export { indicatorPlotSpec, type IndicatorPlotOptions, type IndicatorPoint } from './indicator-spec.js';
export { writeIndicatorPlot } from './indicator-plot.js';
export { histogramPlotSpec, writeHistogramPlot, type HistogramPlotOptions, type HistogramSeries } from './histogram-plot.js';
export {
  defaultSweep,
  estimatorCurves,
  estimatorPlotSpec,
  type EstimatorCurveOptions,
  type EstimatorCurvePoint,
  type HyperSweep,
} from './estimator-curves.js';
export { writeEstimatorPlots, type EstimatorPlotOptions } from './estimator-plot.js';
export { scheduleCurves, schedulePlotSpec, type ScheduleCurveOptions } from './schedule-curves.js';
export { writeSchedulePlot } from './schedule-plot.js';
