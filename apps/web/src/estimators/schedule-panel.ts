import { scheduleValue, SCHEDULE_KINDS, validateSchedule, type ScheduleKind } from '@signflow/core';
import { schedulePlotSpec } from '@signflow/metrics/specs';
import { drawChart, type Chart } from '../ui/chart.js';
import { interactive } from '../ui/interactive-spec.js';
import { el, errorBox } from '../ui/dom.js';

/** The schedules of o (fixed, linear, cosine, power, exp) from 1 to a chosen o_end over a chosen number of epochs, from core's `scheduleValue`. */
export class SchedulePanel {
  readonly element: HTMLElement;
  private chart: Chart | null = null;
  private oEnd = 3;
  private epochs = 100;
  private readonly box = el('div', { className: 'chart', 'data-chart': 'schedules' });
  private readonly table = el('p', { className: 'hint' });

  constructor() {
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
    this.element = el(
      'section',
      { className: 'schedules' },
      el('h2', {}, 'Schedules of o'),
      el('div', { className: 'controls' }, number('o_end', this.oEnd, 1, 10, 0.1, (v) => (this.oEnd = v)), number('epochs', this.epochs, 1, 1000, 1, (v) => (this.epochs = Math.round(v)))),
      this.box,
      this.table,
    );
  }

  /** Draws the schedules for the current o_end and epochs. */
  async draw(): Promise<void> {
    try {
      const drawn = await drawChart(this.box, interactive(schedulePlotSpec({ oEnd: this.oEnd, epochs: this.epochs })));
      this.chart?.finalize();
      this.chart = drawn;
      const half = (kind: ScheduleKind) => scheduleValue(validateSchedule(kind === 'fixed' ? { kind, value: this.oEnd } : { kind, from: 1, to: this.oEnd }), 0.5);
      this.table.textContent = `o half-way through training: ${SCHEDULE_KINDS.map((k) => `${k} ${half(k).toFixed(3)}`).join(', ')}.`;
    } catch (error) {
      this.box.replaceChildren(errorBox(`The schedules could not be drawn: ${(error as Error).message}`));
    }
  }

  /** Releases the chart. */
  dispose(): void {
    this.chart?.finalize();
  }
}
