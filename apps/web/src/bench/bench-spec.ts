import { PANEL } from '@signflow/metrics/specs';
import type { TopLevelSpec } from 'vega-lite';
import type { BenchPoint } from './aggregate.js';

/**
 * A benchmark's metric against a numeric axis (report.md's "top-1 vs o_end" plots), interactive:
 * a line per setting through the means, a band of ± one standard deviation over seeds, tooltips
 * with n, one panel per dataset, and a legend that highlights a line when clicked.
 */
export function benchChartSpec(points: readonly BenchPoint[], xTitle: string, yTitle: string): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } } as const;
  const color = { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 1 } } as const;
  const opacity = { condition: { param: 'pick', value: 1 }, value: 0.15 } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: points.map((p) => ({ ...p })) },
    facet: { field: 'dataset', type: 'nominal', title: null },
    spec: {
      width: PANEL.width * 1.5,
      height: PANEL.height * 1.5,
      layer: [
        { mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'low', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'high' }, color, opacity } },
        {
          params: [{ name: 'pick', select: { type: 'point', fields: ['series'] }, bind: 'legend' }],
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative', title: yTitle },
            color,
            opacity,
            tooltip: [
              { field: 'series', title: 'setting' },
              { field: 'x', title: xTitle },
              { field: 'mean', title: 'mean', format: '.3f' },
              { field: 'n', title: 'runs' },
            ],
          },
        },
      ],
    },
  } as TopLevelSpec;
}
