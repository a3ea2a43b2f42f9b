import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileDurable } from '@signflow/durable';

/**
 * Font stack of every plot: a list, so that both browsers and the PNG rasteriser (which takes
 * the first family it finds on the system) use a sans-serif face.
 */
export const PLOT_FONT = 'Helvetica, Arial, DejaVu Sans, Liberation Sans, sans-serif';

/** Size of one chart panel in pixels. */
export const PANEL = { width: 320, height: 220 } as const;

/** Options of the functions that write plots. */
export interface PlotWriteOptions {
  /** Also write a PNG next to each SVG (needs `@resvg/resvg-js`); default false. */
  readonly png?: boolean;
}

/**
 * Renders a Vega-Lite spec to an SVG document, headless (Vega's `renderer: 'none'` view; no
 * canvas or browser needed).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withFont = { ...spec, config: { font: PLOT_FONT, background: 'white', ...spec.config } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(withFont).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG document to PNG with resvg (a renderer shipped as prebuilt binaries in npm
 * packages), using the system's fonts.
 *
 * @param svg the SVG document
 * @param scale zoom factor; default 2 (sharp on high-density screens)
 */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`svgToPng: scale = ${String(scale)} must be a finite number > 0.`);
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch (error) {
    throw new Error(
      `svgToPng: the PNG renderer @resvg/resvg-js could not be loaded on ${process.platform}-${process.arch} (${(error as Error).message}); ` +
        `reinstall it with optional dependencies enabled (npm install --include=optional), or use the SVG files.`,
    );
  }
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true } }).render().asPng();
}

/**
 * Renders `spec` and writes it atomically to `svgPath` (and to the same name with `.png` when
 * asked). Returns the paths written.
 */
export async function writePlot(spec: TopLevelSpec, svgPath: string, options: PlotWriteOptions = {}): Promise<string[]> {
  if (!svgPath.endsWith('.svg')) throw new RangeError(`writePlot: ${svgPath} must end in .svg.`);
  const svg = await renderSvg(spec);
  writeFileDurable(svgPath, svg);
  if (!options.png) return [svgPath];
  const pngPath = svgPath.replace(/\.svg$/, '.png');
  writeFileDurable(pngPath, await svgToPng(svg));
  return [svgPath, pngPath];
}
