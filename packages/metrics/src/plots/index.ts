/**
 * Figures as Vega-Lite specifications rendered to SVG (and PNG): training curves, indicators,
 * histograms, estimator curves and schedules.
 *
 * @module @signflow/metrics/plots
 */
export { PLOT_FONT, renderSvg, svgToPng, writePlot, type PlotWriteOptions } from './render.js';
export { lineChartSpec, type LineChartOptions, type LinePoint } from './line-chart.js';
export { plotRun, trainingCurveSpecs } from './training-curves.js';
export { indicatorPlotSpec, writeIndicatorPlot, type IndicatorPlotOptions, type IndicatorPoint } from './indicator-plot.js';
export { histogramPlotSpec, writeHistogramPlot, type HistogramPlotOptions, type HistogramSeries } from './histogram-plot.js';
export {
  defaultSweep,
  estimatorCurves,
  estimatorPlotSpec,
  writeEstimatorPlots,
  type EstimatorCurveOptions,
  type EstimatorCurvePoint,
  type EstimatorPlotOptions,
  type HyperSweep,
} from './estimator-plot.js';
export { scheduleCurves, schedulePlotSpec, writeSchedulePlot, type ScheduleCurveOptions } from './schedule-plot.js';
