import type { TopLevelSpec } from 'vega-lite';

/**
 * A single-view line chart spec (as metrics' `lineChartSpec` makes) made interactive: tooltips on
 * the marks, and the scales bound to the mouse (drag to pan, wheel to zoom, double-click to reset).
 */
export function interactive(spec: TopLevelSpec): TopLevelSpec {
  const view = spec as TopLevelSpec & { mark?: unknown; params?: unknown[] };
  if (view.mark === undefined) return spec;
  const mark = typeof view.mark === 'string' ? { type: view.mark } : (view.mark as object);
  return { ...view, mark: { ...mark, tooltip: true }, params: [...(view.params ?? []), { name: 'zoom', select: 'interval', bind: 'scales' }] } as TopLevelSpec;
}
