import { patchSchedule, SCHEDULE_KINDS, scheduleValue, type EstimatorPlugin, type PluginSchedule, type ScheduleSpec } from '@signflow/core';
import { schedulePlotSpec } from '@signflow/metrics/specs';
import { drawChart, type Chart } from '../ui/chart.js';
import { el, errorBox, replaceChildren } from '../ui/dom.js';
import { interactive } from '../ui/interactive-spec.js';

/** The end value of a schedule (a fixed schedule's value). */
function endOf(schedule: ScheduleSpec): number {
  return schedule.kind === 'fixed' ? schedule.value : schedule.to;
}

/**
 * The schedules of an estimator's scheduled hyper-parameter (ReSTE's o: cosine from 1 to 3 by
 * default) in every shape core knows (fixed, linear, cosine, power, exp), for an end value and a
 * number of epochs chosen on the page, computed with core's `scheduleValue`.
 */
export class SchedulePanel {
  readonly element = el('section', { className: 'schedules' });
  private chart: Chart | null = null;
  private schedule: PluginSchedule | undefined;
  private end = 3;
  private epochs = 100;
  private readonly box = el('div', { className: 'chart', 'data-chart': 'schedules' });
  private readonly halfway = el('p', { className: 'hint' });

  /** Shows the schedules of `plugin`'s first default schedule, or says it has none. */
  async show(plugin: EstimatorPlugin): Promise<void> {
    this.schedule = plugin.defaultSchedules?.[0];
    if (this.schedule === undefined) {
      this.chart?.finalize();
      this.chart = null;
      replaceChildren(this.element, el('p', { className: 'hint' }, `${plugin.id} schedules none of its hyper-parameters during training.`));
      return;
    }
    const { hyper } = this.schedule;
    this.end = endOf(this.schedule.schedule);
    const number = (label: string, value: number, min: number, max: number, step: number, apply: (v: number) => void) =>
      el(
        'label',
        {},
        `${label} `,
        el('input', {
          type: 'number',
          value: String(value),
          min,
          max,
          step,
          'aria-label': label,
          onchange: (e: Event) => {
            const v = Number((e.target as HTMLInputElement).value);
            if (Number.isFinite(v) && v >= min && v <= max) {
              apply(v);
              void this.draw();
            }
          },
        }),
      );
    replaceChildren(
      this.element,
      el('h2', {}, `Schedules of ${hyper}`),
      el('div', { className: 'controls' }, number(`${hyper}_end`, this.end, 0.001, 1000, 0.1, (v) => (this.end = v)), number('epochs', this.epochs, 1, 1000, 1, (v) => (this.epochs = Math.round(v)))),
      this.box,
      this.halfway,
    );
    await this.draw();
  }

  /** Draws the schedules for the current end value and epochs. */
  async draw(): Promise<void> {
    if (this.schedule === undefined) return;
    const { hyper } = this.schedule;
    try {
      const base = patchSchedule(this.schedule.schedule, { to: this.end });
      const drawn = await drawChart(this.box, interactive(schedulePlotSpec({ hyper, base, epochs: this.epochs })));
      this.chart?.finalize();
      this.chart = drawn;
      this.halfway.textContent = `${hyper} half-way through training: ${SCHEDULE_KINDS.map((kind) => `${kind} ${scheduleValue(patchSchedule(base, { kind }), 0.5).toFixed(3)}`).join(', ')}.`;
    } catch (error) {
      this.box.replaceChildren(errorBox(`The schedules could not be drawn: ${(error as Error).message}`));
    }
  }

  /** Releases the chart. */
  dispose(): void {
    this.chart?.finalize();
  }
}
