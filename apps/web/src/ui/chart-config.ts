/** Vega-Lite config of every chart on the page: the sans-serif stack of the SVG plots, a white background. */
export const PLOT_CONFIG = {
  font: 'system-ui, Helvetica, Arial, sans-serif',
  background: 'white',
  legend: { labelLimit: 320 },
} as const;
