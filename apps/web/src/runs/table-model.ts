import type { RunRow } from '@signflow/dashboard/contract';
import { percent, whole } from '../ui/format.js';

/** A column of the runs table: what it shows, and the value it sorts by. */
export interface Column {
  readonly key: string;
  readonly title: string;
  /** Sort value; undefined sorts last whichever the direction. */
  readonly value: (row: RunRow) => string | number | undefined;
  /** Cell text. */
  readonly text: (row: RunRow) => string;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

const plain = (pick: (row: RunRow) => string | undefined) => (row: RunRow) => pick(row) ?? '–';

/** The columns of the runs table, in order. */
export const RUN_COLUMNS: readonly Column[] = [
  { key: 'label', title: 'run', value: (r) => r.label, text: (r) => r.label },
  { key: 'backbone', title: 'backbone', value: (r) => r.backbone, text: plain((r) => r.backbone) },
  { key: 'estimator', title: 'estimator', value: (r) => r.estimator, text: plain((r) => r.estimator) },
  { key: 'bits', title: 'bits', value: (r) => r.bits, text: plain((r) => r.bits) },
  { key: 'dataset', title: 'dataset', value: (r) => r.dataset, text: plain((r) => r.dataset) },
  { key: 'epochs', title: 'epochs', value: (r) => r.epochsDone, text: (r) => `${r.epochsDone}${r.epochs === undefined ? '' : ` / ${r.epochs}`}`, numeric: true },
  { key: 'bestTop1', title: 'best top-1', value: (r) => r.bestTop1, text: (r) => percent(r.bestTop1), numeric: true },
  { key: 'lastTop1', title: 'last top-1', value: (r) => r.lastTop1, text: (r) => percent(r.lastTop1), numeric: true },
  { key: 'imagesPerSecond', title: 'images/s', value: (r) => r.imagesPerSecond, text: (r) => whole(r.imagesPerSecond), numeric: true },
  { key: 'backend', title: 'backend', value: (r) => r.backend, text: plain((r) => r.backend) },
  { key: 'status', title: 'status', value: (r) => r.status, text: (r) => r.status },
  { key: 'updated', title: 'updated', value: (r) => r.updated, text: (r) => (r.updated > 0 ? new Date(r.updated).toISOString().slice(0, 16).replace('T', ' ') : '–') },
];

/** How the table is sorted and filtered. */
export interface TableState {
  readonly sortKey: string;
  readonly descending: boolean;
  /** Words that must all occur in a row (case-insensitive), e.g. `reste mnist`. */
  readonly filter: string;
}

/** Newest first, no filter. */
export const DEFAULT_TABLE_STATE: TableState = { sortKey: 'updated', descending: true, filter: '' };

function searchable(row: RunRow): string {
  return [row.label, row.path, row.backbone, row.estimator, row.bits, row.dataset, row.backend, row.status, row.bench, row.error]
    .filter((v) => v !== undefined)
    .join(' ')
    .toLowerCase();
}

/** Whether every word of `filter` occurs in the row's text fields. */
export function matchesFilter(row: RunRow, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const text = searchable(row);
  return words.every((w) => text.includes(w));
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** The rows to show: filtered, then sorted by the state's column (stable; missing values last). */
export function visibleRows(rows: readonly RunRow[], state: TableState): RunRow[] {
  const column = RUN_COLUMNS.find((c) => c.key === state.sortKey) ?? RUN_COLUMNS[0];
  const sign = state.descending ? -1 : 1;
  return rows
    .filter((row) => matchesFilter(row, state.filter))
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((x, y) => {
      const missingX = x.value === undefined || (typeof x.value === 'number' && !Number.isFinite(x.value));
      const missingY = y.value === undefined || (typeof y.value === 'number' && !Number.isFinite(y.value));
      if (missingX !== missingY) return missingX ? 1 : -1;
      return (missingX ? 0 : sign * compare(x.value, y.value)) || x.index - y.index;
    })
    .map((x) => x.row);
}

/** The state after a click on a column header: the same column flips direction, another sorts ascending (numbers: descending first). */
export function toggleSort(state: TableState, key: string): TableState {
  if (state.sortKey === key) return { ...state, descending: !state.descending };
  const numeric = RUN_COLUMNS.find((c) => c.key === key)?.numeric === true || key === 'updated';
  return { ...state, sortKey: key, descending: numeric };
}

