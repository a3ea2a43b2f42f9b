import type { TopLevelSpec } from 'vega-lite';
import { PLOT_CONFIG } from './chart-config.js';

/** A drawn chart: call `finalize` before dropping it, so Vega releases its listeners. */
export interface Chart {
  finalize(): void;
}

/**
 * Draws a Vega-Lite spec into `container` with vega-embed, as SVG (sharp, and its marks can be
 * inspected). vega-embed and Vega are loaded on first use, so pages without charts never load them.
 */
export async function drawChart(container: HTMLElement, spec: TopLevelSpec): Promise<Chart> {
  const { default: embed } = await import('vega-embed');
  const withConfig = { ...spec, config: { ...PLOT_CONFIG, ...(spec as { config?: object }).config } } as TopLevelSpec;
  const result = await embed(container, withConfig, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } });
  return { finalize: () => result.finalize() };
}
