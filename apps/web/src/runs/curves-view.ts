import type { RunDocument } from '@signflow/dashboard/contract';
import { drawChart, type Chart } from '../ui/chart.js';
import { el, errorBox, replaceChildren } from '../ui/dom.js';
import { overlayCharts } from './overlay-specs.js';

/** The overlaid training curves of the selected runs; redrawn whenever the selection or a run changes. */
export class CurvesView {
  readonly element = el('section', { className: 'curves', 'aria-label': 'training curves' });
  private charts: Chart[] = [];
  private generation = 0;

  /** Draws the curves of `docs` (none: a hint). Later calls win over earlier ones still drawing. */
  async show(docs: readonly RunDocument[]): Promise<void> {
    const generation = ++this.generation;
    if (docs.length === 0) {
      this.clear();
      replaceChildren(this.element, el('p', { className: 'hint' }, 'Select runs in the table to overlay their curves.'));
      return;
    }
    const specs = overlayCharts(docs);
    const grid = el('div', { className: 'chart-grid' });
    const drawn: Chart[] = [];
    try {
      for (const chart of specs) {
        const box = el('div', { className: 'chart', 'data-chart': chart.key });
        grid.append(box);
        drawn.push(await drawChart(box, chart.spec));
        if (generation !== this.generation) break;
      }
    } catch (error) {
      grid.append(errorBox(`The curves could not be drawn: ${(error as Error).message}`));
    }
    if (generation !== this.generation) {
      drawn.forEach((c) => c.finalize());
      return;
    }
    this.clear();
    this.charts = drawn;
    const empty = specs.length === 0 ? el('p', { className: 'hint' }, 'The selected runs have no epoch logged yet.') : null;
    replaceChildren(this.element, el('h2', {}, `Curves of ${docs.length} run${docs.length === 1 ? '' : 's'}`), empty, grid);
  }

  /** Releases the charts. */
  dispose(): void {
    this.generation++;
    this.clear();
  }

  private clear(): void {
    this.charts.forEach((c) => c.finalize());
    this.charts = [];
  }
}
