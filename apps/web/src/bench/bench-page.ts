import { fetchBench } from '../api/client.js';
import type { BenchDocument } from '@signflow/dashboard/contract';
import type { Page } from '../app/page.js';
import { hashOf, type Route } from '../app/router.js';
import type { SiteState } from '../app/site-state.js';
import { drawChart, type Chart } from '../ui/chart.js';
import { el, errorBox, replaceChildren } from '../ui/dom.js';
import { BENCH_METRICS, benchPoints, benchTables, formatStat, numericAxes, type BenchMetric } from './aggregate.js';
import { benchChartSpec } from './bench-spec.js';

/** The settings of the benchmark view. */
interface View {
  metric: BenchMetric;
  columnAxis: string;
  xAxis: string | undefined;
}

function selectBox(label: string, options: readonly [string, string][], value: string, onChange: (value: string) => void): HTMLElement {
  return el(
    'label',
    {},
    `${label} `,
    el('select', { 'aria-label': label, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) }, ...options.map(([v, text]) => el('option', { value: v, selected: v === value }, text))),
  );
}

/**
 * The benchmarks page: each grid's results as report.md has them (per dataset, a row per setting,
 * a column per backbone, mean ± std over seeds), with the metric and the axes to compare chosen
 * on the page, and the metric plotted against a numeric axis such as o_end.
 */
export async function mountBenchPage(route: Route, site: SiteState): Promise<Page> {
  const list = el('section', { className: 'bench-list' });
  const detail = el('section', { className: 'bench-detail' });
  let chart: Chart | null = null;
  let doc: BenchDocument | null = null;
  let view: View | null = null;
  let selectedId: string | undefined = route.params.get('id') ?? site.index.benches[0]?.id;

  const renderList = (): void => {
    const benches = site.index.benches;
    if (benches.length === 0) {
      replaceChildren(list, el('p', { className: 'hint' }, `No benchmark folder (grid.json) under ${site.index.roots.join(', ')}. Run one with \`signflow bench GRID_FILE --out DIR\` and serve DIR.`));
      return;
    }
    const rows = benches.map((b) =>
      el(
        'tr',
        { 'data-bench-id': b.id, className: b.id === selectedId ? 'selected' : '' },
        el('td', {}, el('a', { href: hashOf('benchmarks', { id: b.id }), onclick: (e: Event) => (e.preventDefault(), void open(b.id)) }, b.name)),
        el('td', {}, b.path),
        el('td', { className: 'num' }, b.completed),
        el('td', { className: 'num' }, b.failed),
        el('td', { className: 'error-text' }, b.error ?? ''),
      ),
    );
    replaceChildren(list, el('table', {}, el('thead', {}, el('tr', {}, ...['grid', 'folder', 'completed', 'failed', 'problems'].map((t) => el('th', {}, t)))), el('tbody', {}, ...rows)));
  };

  const renderDetail = async (): Promise<void> => {
    if (doc === null || view === null) return;
    const current = doc;
    const v = view;
    const axes = Object.keys(current.axes);
    const metric = BENCH_METRICS[v.metric];
    const controls = el(
      'div',
      { className: 'controls' },
      selectBox('metric', Object.entries(BENCH_METRICS).map(([k, m]) => [k, m.title]), v.metric, (value) => ((v.metric = value as BenchMetric), void renderDetail())),
      selectBox('columns', [...new Set(['backbone', ...axes])].filter((a) => a !== 'seed').map((a) => [a, a]), v.columnAxis, (value) => ((v.columnAxis = value), void renderDetail())),
      numericAxes(current.axes).length === 0 ? null : selectBox('plot against', numericAxes(current.axes).map((a) => [a, a]), v.xAxis ?? '', (value) => ((v.xAxis = value), void renderDetail())),
    );
    const tables = benchTables(current.results, v.metric, v.columnAxis).map((t) =>
      el(
        'section',
        { className: 'bench-table' },
        el('h3', {}, t.dataset),
        el(
          'table',
          {},
          el('thead', {}, el('tr', {}, el('th', {}, 'setting'), ...t.columns.map((c) => el('th', { className: 'num' }, c)))),
          el('tbody', {}, ...t.rows.map((r) => el('tr', {}, el('td', {}, r.key), ...t.columns.map((c) => el('td', { className: 'num' }, formatStat(r.cells.get(c), metric.digits)))))),
        ),
      ),
    );
    const failures = current.results.filter((r) => r.status === 'failed' && !current.results.some((o) => o.hash === r.hash && o.status === 'completed'));
    const chartBox = el('div', { className: 'chart', 'data-chart': 'bench' });
    replaceChildren(
      detail,
      el('h2', {}, current.row.name),
      current.row.description === undefined ? null : el('p', {}, current.row.description),
      current.row.error === undefined ? null : errorBox(current.row.error),
      el('p', { className: 'hint' }, `${current.row.completed} runs complete, ${current.row.failed} failed. ${metric.title}, mean ± std over seeds (n = runs).`),
      controls,
      ...(tables.length === 0 ? [el('p', { className: 'hint' }, 'No run of this grid is complete yet.')] : tables),
      chartBox,
      failures.length === 0 ? null : el('section', {}, el('h3', {}, 'Failed runs'), el('ul', {}, ...failures.map((f) => el('li', {}, `${Object.entries(f.axes).map(([k, val]) => `${k}=${JSON.stringify(val)}`).join(' ')}: ${f.error ?? 'unknown error'}`)))),
    );
    chart?.finalize();
    chart = null;
    if (v.xAxis !== undefined) {
      const points = benchPoints(current.results, v.metric, v.xAxis, v.columnAxis);
      if (points.length > 0) chart = await drawChart(chartBox, benchChartSpec(points, v.xAxis, metric.title));
    }
  };

  const open = async (id: string | undefined): Promise<void> => {
    selectedId = id;
    renderList();
    if (id === undefined) return;
    history.replaceState(null, '', hashOf('benchmarks', { id }));
    try {
      doc = await fetchBench(id);
    } catch (error) {
      replaceChildren(detail, errorBox((error as Error).message));
      return;
    }
    const axes = Object.keys(doc.axes);
    view ??= { metric: 'bestTop1', columnAxis: 'backbone', xAxis: undefined };
    if (!axes.includes(view.columnAxis) && view.columnAxis !== 'backbone') view.columnAxis = 'backbone';
    const numeric = numericAxes(doc.axes);
    if (view.xAxis === undefined || !numeric.includes(view.xAxis)) view.xAxis = numeric.includes('oEnd') ? 'oEnd' : numeric[0];
    await renderDetail();
  };

  const unsubscribe = site.subscribe((_index, change) => {
    renderList();
    if (selectedId !== undefined && change.benches.includes(selectedId)) void open(selectedId);
  });
  const element = el('section', { className: 'page bench-page' }, el('h1', {}, 'Benchmarks'), list, detail);
  await open(selectedId);
  return {
    element,
    dispose: () => {
      unsubscribe();
      chart?.finalize();
    },
  };
}
