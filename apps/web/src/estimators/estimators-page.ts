import { getEstimatorPlugin, listEstimators, type Estimator, type EstimatorPlugin, type EstimatorRole } from '@signflow/core';
import { estimatorCurves, estimatorPlotSpec, type EstimatorCurvePoint } from '@signflow/metrics/specs';
import type { Page } from '../app/page.js';
import { hashOf, type Route } from '../app/router.js';
import { ensureBackend } from '../tf/backend.js';
import { drawChart, type Chart } from '../ui/chart.js';
import { el, errorBox, replaceChildren } from '../ui/dom.js';
import { registerInstalledEstimators } from './installed.js';
import { sampleAt } from './probe.js';
import { SchedulePanel } from './schedule-panel.js';
import { sliderRange } from './slider-range.js';

function format(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : Number(value.toPrecision(6)).toString();
}

function describeSchedules(plugin: EstimatorPlugin): string | null {
  const schedules = plugin.defaultSchedules ?? [];
  if (schedules.length === 0) return null;
  return `Default schedules during training: ${schedules.map(({ hyper, schedule }) => `${hyper}: ${JSON.stringify(schedule)}`).join('; ')}.`;
}

/**
 * The estimator explorer: the forward value, surrogate and pseudo-gradient of each installed
 * estimator, computed with TensorFlow.js from the estimator package itself (metrics'
 * `estimatorCurves`), with a slider per hyper-parameter, a readout at any x, and the o schedules.
 */
export async function mountEstimatorsPage(route: Route): Promise<Page> {
  await ensureBackend();
  registerInstalledEstimators();
  const ids = listEstimators();
  let id = ids.includes(route.params.get('id') ?? '') ? (route.params.get('id') as string) : ids.includes('reste') ? 'reste' : ids[0];
  let role: EstimatorRole = 'weights';
  let estimator: Estimator = getEstimatorPlugin(id).create();
  let chart: Chart | null = null;
  let drawing = false;
  let pending = false;
  let probeX = 0.5;
  let points: EstimatorCurvePoint[] = [];

  const tabs = el('div', { className: 'tabs', role: 'tablist' });
  const about = el('div', { className: 'about' });
  const controls = el('div', { className: 'controls' });
  const problem = el('div', { className: 'hyper-error', role: 'alert' });
  const chartBox = el('div', { className: 'chart', 'data-chart': 'estimator' });
  const readout = el('span', { className: 'readout' });
  const probeInput = el('input', {
    type: 'number',
    step: 0.01,
    min: -2,
    max: 2,
    value: String(probeX),
    'aria-label': 'x of the readout',
    oninput: (event: Event) => {
      const value = Number((event.target as HTMLInputElement).value);
      if (Number.isFinite(value)) {
        probeX = value;
        showReadout();
      }
    },
  });
  const probe = el('p', { className: 'probe' }, 'At x = ', probeInput, readout);

  const showReadout = (): void => {
    const sample = sampleAt(points, probeX);
    replaceChildren(
      readout,
      sample === undefined ? ' (no curve)' : ` (sample ${format(sample.x)}): forward `,
      el('output', { 'data-probe': 'forward' }, format(sample?.forward)),
      ', surrogate ',
      el('output', { 'data-probe': 'surrogate' }, format(sample?.surrogate)),
      ', pseudo-gradient ',
      el('output', { 'data-probe': 'gradient' }, format(sample?.gradient)),
      ' at ',
      el('output', { 'data-probe': 'setting' }, sample?.setting ?? ''),
    );
  };

  // Slider moves arrive faster than Vega draws: draw the latest setting, never a queue of old ones.
  const redraw = async (): Promise<void> => {
    if (drawing) {
      pending = true;
      return;
    }
    drawing = true;
    try {
      do {
        pending = false;
        const next = estimatorCurves(estimator);
        const box = el('div');
        const drawn = await drawChart(box, estimatorPlotSpec(next));
        chart?.finalize();
        chart = drawn;
        chartBox.replaceChildren(box);
        points = next;
        showReadout();
      } while (pending);
    } catch (error) {
      chartBox.replaceChildren(errorBox(`The curves could not be drawn: ${(error as Error).message}`));
    } finally {
      drawing = false;
    }
  };

  const inputs = new Map<string, HTMLInputElement[]>();
  const schedules = new SchedulePanel();
  const renderControls = (): void => {
    const plugin = getEstimatorPlugin(id);
    const rows = Object.entries(estimator.hyper).map(([name, value]) => {
      const spec = estimator.hyperSpec[name];
      const range = sliderRange(id, name, spec, value);
      const set = (raw: string): void => {
        const next = Number(raw);
        try {
          estimator.setHyper(name, next);
          problem.replaceChildren();
        } catch (error) {
          problem.replaceChildren((error as Error).message);
          return;
        }
        // Setting one may move another (EDE's k follows t): show them all as they now are,
        // except the input being edited.
        for (const [other, pair] of inputs) for (const input of pair) if (document.activeElement !== input) input.value = String(estimator.hyper[other]);
        void redraw();
      };
      const slider = el('input', { type: 'range', min: range.min, max: range.max, step: range.step, value: String(value), 'aria-label': `${name} slider`, oninput: (e: Event) => set((e.target as HTMLInputElement).value) });
      const box = el('input', { type: 'number', min: range.min, max: range.max, step: range.step, value: String(value), 'aria-label': name, name, onchange: (e: Event) => set((e.target as HTMLInputElement).value) });
      inputs.set(name, [slider, box]);
      return el('div', { className: 'hyper' }, el('label', {}, el('span', { className: 'name' }, name), slider, box), el('small', {}, spec.description));
    });
    const roles = plugin.roleDefaults === undefined ? null : el('div', { className: 'roles' }, 'Quantising ', ...(['weights', 'activations'] as const).map((r) => el('label', {}, el('input', { type: 'radio', name: 'role', checked: r === role, onchange: () => select(id, r) }), ` ${r} `)));
    replaceChildren(controls, roles, ...rows);
    replaceChildren(about, el('h2', {}, id), el('p', {}, plugin.description ?? ''), el('p', { className: 'hint' }, describeSchedules(plugin)));
  };

  const select = (next: string, nextRole: EstimatorRole = 'weights'): void => {
    id = next;
    role = nextRole;
    const plugin = getEstimatorPlugin(id);
    estimator = plugin.create(plugin.roleDefaults?.[role] ?? {});
    inputs.clear();
    problem.replaceChildren();
    history.replaceState(null, '', hashOf('estimators', { id }));
    tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.id === id)));
    renderControls();
    void redraw();
    void schedules.show(plugin);
  };

  for (const each of ids) tabs.append(el('button', { type: 'button', role: 'tab', 'data-id': each, 'aria-selected': String(each === id), onclick: () => select(each) }, each));
  const element = el('section', { className: 'page estimators-page' }, el('h1', {}, 'Estimators'), tabs, about, controls, problem, chartBox, probe, schedules.element);
  renderControls();
  await redraw();
  await schedules.show(getEstimatorPlugin(id));
  return {
    element,
    dispose: () => {
      chart?.finalize();
      schedules.dispose();
    },
  };
}
