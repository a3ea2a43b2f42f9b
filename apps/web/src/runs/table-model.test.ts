import { describe, expect, it } from 'vitest';
import type { RunRow } from '@signflow/dashboard/contract';
import { DEFAULT_TABLE_STATE, matchesFilter, toggleSort, visibleRows } from './table-model.js';

function row(id: string, fields: Partial<RunRow> = {}): RunRow {
  return { id, label: id, path: `runs/${id}`, epochsDone: 1, status: 'complete', hasModel: false, updated: 0, ...fields };
}

const rows = [
  row('a', { estimator: 'reste', dataset: 'mnist', bestTop1: 0.9, updated: 3 }),
  row('b', { estimator: 'ste', dataset: 'cifar10', bestTop1: 0.7, updated: 1 }),
  row('c', { estimator: 'reste', dataset: 'cifar10', updated: 2 }),
];

describe('runs table model', () => {
  it('keeps rows where every filter word occurs, case-insensitively', () => {
    expect(visibleRows(rows, { ...DEFAULT_TABLE_STATE, filter: 'ReSTE cifar' }).map((r) => r.id)).toEqual(['c']);
    expect(visibleRows(rows, { ...DEFAULT_TABLE_STATE, filter: '  ' })).toHaveLength(3);
    expect(matchesFilter(row('x', { status: 'error', error: 'epochs.jsonl:2: bad' }), 'jsonl:2')).toBe(true);
  });

  it('sorts newest first by default and puts missing values last in both directions', () => {
    expect(visibleRows(rows, DEFAULT_TABLE_STATE).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    const byTop1 = toggleSort(DEFAULT_TABLE_STATE, 'bestTop1');
    expect(byTop1.descending).toBe(true);
    expect(visibleRows(rows, byTop1).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(visibleRows(rows, toggleSort(byTop1, 'bestTop1')).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('sorts text columns ascending first, numbers inside names naturally', () => {
    const named = [row('run-10'), row('run-9'), row('run-1')];
    const state = toggleSort(DEFAULT_TABLE_STATE, 'label');
    expect(state.descending).toBe(false);
    expect(visibleRows(named, state).map((r) => r.id)).toEqual(['run-1', 'run-9', 'run-10']);
  });
});
