import { fetchRun } from '../api/client.js';
import type { RunDocument } from '@signflow/dashboard/contract';
import type { Page } from '../app/page.js';
import { hashOf, type Route } from '../app/router.js';
import type { SiteState } from '../app/site-state.js';
import { el, errorBox } from '../ui/dom.js';
import { CurvesView } from './curves-view.js';
import { RunsTable } from './runs-table.js';
import { DEFAULT_TABLE_STATE } from './table-model.js';

/**
 * The runs page: the table of every run, and the curves of the selected ones overlaid. The
 * selection lives in the address (`#/runs?select=a,b`), so a view can be bookmarked or shared.
 * From a live server, rows and curves follow the runs as epochs finish.
 */
export function mountRunsPage(route: Route, site: SiteState): Page {
  const known = new Set(site.index.runs.map((r) => r.id));
  const selected = new Set((route.params.get('select') ?? '').split(',').filter((id) => known.has(id)));
  const docs = new Map<string, RunDocument>();
  const curves = new CurvesView();
  const problems = el('div', { className: 'problems' });

  const redraw = async (): Promise<void> => {
    problems.replaceChildren();
    const ids = [...selected];
    const missing = ids.filter((id) => !docs.has(id));
    const fetched = await Promise.allSettled(missing.map((id) => fetchRun(id)));
    fetched.forEach((result, i) => {
      if (result.status === 'fulfilled') docs.set(missing[i], result.value);
      else problems.append(errorBox(`Run ${missing[i]}: ${(result.reason as Error).message}`));
    });
    await curves.show(ids.map((id) => docs.get(id)).filter((d): d is RunDocument => d !== undefined));
  };

  const table = new RunsTable(DEFAULT_TABLE_STATE, selected, {
    onSelect: (ids) => {
      history.replaceState(null, '', hashOf('runs', { select: [...ids].join(',') }));
      void redraw();
    },
  });
  table.update(site.index.runs);

  const liveNote = site.index.live ? el('span', { className: 'live', title: 'rows and curves follow the runs as epochs finish' }, '● live') : null;
  const benchNote = site.index.runs.length === 0 ? el('p', { className: 'hint' }, `No run directories under ${site.index.roots.join(', ')} yet. Start one with \`signflow train\`.`) : null;
  const element = el('section', { className: 'page runs-page' }, el('h1', {}, 'Runs ', liveNote), benchNote, problems, curves.element, table.element);

  const unsubscribe = site.subscribe((index, change) => {
    table.update(index.runs);
    const touched = change.runs.filter((id) => selected.has(id));
    touched.forEach((id) => docs.delete(id));
    if (touched.length > 0) void redraw();
  });
  void redraw();
  return {
    element,
    dispose: () => {
      unsubscribe();
      curves.dispose();
    },
  };
}
