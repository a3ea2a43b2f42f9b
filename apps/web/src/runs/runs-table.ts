import type { RunRow } from '@signflow/dashboard/contract';
import { hashOf } from '../app/router.js';
import { el, replaceChildren } from '../ui/dom.js';
import { RUN_COLUMNS, toggleSort, visibleRows, type TableState } from './table-model.js';

/** What the table tells its page. */
export interface RunsTableEvents {
  /** The set of selected run ids changed. */
  onSelect(selected: ReadonlySet<string>): void;
}

/** The sortable, filterable table of runs with a checkbox per row; a damaged run gets an error row under it. */
export class RunsTable {
  readonly element: HTMLElement;
  private readonly body = el('tbody');
  private readonly head = el('thead');
  private readonly count = el('span', { className: 'count', 'aria-live': 'polite' });
  private rows: readonly RunRow[] = [];

  constructor(
    private state: TableState,
    private readonly selected: Set<string>,
    private readonly events: RunsTableEvents,
  ) {
    const filter = el('input', {
      type: 'search',
      placeholder: 'Filter: words that must all appear, e.g. reste mnist',
      value: state.filter,
      'aria-label': 'filter runs',
      oninput: (event: Event) => {
        this.state = { ...this.state, filter: (event.target as HTMLInputElement).value };
        this.renderBody();
      },
    });
    this.element = el('section', { className: 'runs-table' }, el('div', { className: 'toolbar' }, filter, this.count), el('table', {}, this.head, this.body));
  }

  /** Shows `rows` (a new listing from the server), keeping sort, filter and selection. */
  update(rows: readonly RunRow[]): void {
    this.rows = rows;
    this.renderHead();
    this.renderBody();
  }

  private renderHead(): void {
    const cells = RUN_COLUMNS.map((column) => {
      const sorted = column.key === this.state.sortKey;
      return el(
        'th',
        { className: column.numeric ? 'num' : '', 'aria-sort': sorted ? (this.state.descending ? 'descending' : 'ascending') : 'none' },
        el(
          'button',
          {
            type: 'button',
            className: 'sort',
            onclick: () => {
              this.state = toggleSort(this.state, column.key);
              this.renderHead();
              this.renderBody();
            },
          },
          column.title,
          sorted ? (this.state.descending ? ' ▼' : ' ▲') : '',
        ),
      );
    });
    replaceChildren(this.head, el('tr', {}, el('th', { className: 'select' }, 'show'), ...cells, el('th', {}, '')));
  }

  private renderBody(): void {
    const visible = visibleRows(this.rows, this.state);
    const trs: HTMLTableRowElement[] = [];
    for (const row of visible) {
      const checkbox = el('input', {
        type: 'checkbox',
        checked: this.selected.has(row.id),
        'aria-label': `show ${row.label}`,
        onchange: (event: Event) => {
          if ((event.target as HTMLInputElement).checked) this.selected.add(row.id);
          else this.selected.delete(row.id);
          this.events.onSelect(this.selected);
        },
      });
      const cells = RUN_COLUMNS.map((column) =>
        el('td', { className: `${column.numeric ? 'num' : ''} col-${column.key}`, title: column.key === 'label' ? row.path : undefined }, column.text(row)),
      );
      const tryLink = row.hasModel ? el('a', { href: hashOf('try', { run: row.id }) }, 'try the model') : null;
      trs.push(el('tr', { 'data-run-id': row.id, className: `status-${row.status}` }, el('td', { className: 'select' }, checkbox), ...cells, el('td', {}, tryLink)));
      if (row.status === 'error') {
        trs.push(
          el('tr', { className: 'error-row', 'data-error-for': row.id }, el('td', { colSpan: RUN_COLUMNS.length + 2, role: 'alert' }, `${row.path}: ${row.error ?? 'unreadable run directory'}`)),
        );
      }
    }
    this.body.replaceChildren(...trs);
    this.count.textContent = `${visible.length} of ${this.rows.length} runs`;
  }
}
