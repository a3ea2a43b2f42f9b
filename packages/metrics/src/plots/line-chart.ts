import type { TopLevelSpec } from 'vega-lite';
import { PANEL } from './panel.js';

/** One long-format row of a line chart. */
export interface LinePoint {
  /** Horizontal value. */
  readonly x: number;
  /** Vertical value. */
  readonly y: number;
  /** Name of the line it belongs to. */
  readonly series: string;
}

/** What a {@link lineChartSpec} shows. */
export interface LineChartOptions {
  /** Chart title. */
  readonly title: string;
  /** Horizontal axis title. */
  readonly xTitle: string;
  /** Vertical axis title. */
  readonly yTitle: string;
  /** Logarithmic vertical axis (learning rates, instabilities). */
  readonly logY?: boolean;
  /** Draw a point on each value (sparse data such as an o_end sweep). */
  readonly points?: boolean;
  /** Interpolation of the line; default linear. */
  readonly interpolate?: 'linear' | 'step';
}

/** A single-panel line chart with one coloured line per series. */
export function lineChartSpec(points: readonly LinePoint[], options: LineChartOptions): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: PANEL.width,
    height: PANEL.height,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: options.points ?? false, interpolate: options.interpolate ?? 'linear' },
    encoding: {
      // Whole-number axes (epochs, o_end) get whole-number ticks, not 0.0, 1.0, …
      x: { field: 'x', type: 'quantitative', title: options.xTitle, ...(points.every((p) => Number.isInteger(p.x)) ? { axis: { format: 'd', tickMinStep: 1 } } : {}) },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle,
        scale: options.logY ? { type: 'log' } : { zero: false },
      },
      color: { field: 'series', type: 'nominal', title: null, sort: null },
    },
  };
}
