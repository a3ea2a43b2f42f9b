import { describe, expect, it } from 'vitest';
import type { BenchResult } from '@signflow/dashboard/contract';
import { benchPoints, benchTables, formatStat, numericAxes, rowKey, stat } from './aggregate.js';

function result(hash: string, axes: Record<string, unknown>, bestTop1: number | null, status: BenchResult['status'] = 'completed'): BenchResult {
  return { hash, axes, status, bestTop1, dataset: 'mnist', backbone: 'mlp' };
}

const results = [
  result('a', { estimator: 'reste', oEnd: 1, seed: 1 }, 0.6875 + 0.0125),
  result('b', { estimator: 'reste', oEnd: 1, seed: 2 }, 0.6875 - 0.0125),
  result('c', { estimator: 'reste', oEnd: 3, seed: 1 }, 0.7),
  result('d', { estimator: 'ste', oEnd: 3, seed: 1 }, null),
  result('e', { estimator: 'ste', oEnd: 3, seed: 2 }, 0.1, 'failed'),
];

describe('benchmark aggregation', () => {
  it('computes the mean and the sample standard deviation (n − 1), as report.md does', () => {
    const s = stat([0.7, 0.675], 100) as NonNullable<ReturnType<typeof stat>>;
    expect(s.mean).toBeCloseTo(68.75, 10);
    expect(s.std).toBeCloseTo(Math.sqrt(2 * 1.25 ** 2), 10);
    expect(formatStat(s, 2)).toBe('68.75 ± 1.77 (n = 2)');
    expect(formatStat(stat([0.5], 100), 2)).toBe('50.00');
    expect(stat([null, Number.NaN])).toBeUndefined();
  });

  it('groups completed results by setting (seeds averaged) and column', () => {
    const [table] = benchTables(results, 'bestTop1');
    expect(table.dataset).toBe('mnist');
    expect(table.columns).toEqual(['mlp']);
    expect(table.rows.map((r) => r.key)).toEqual(['reste, oEnd=1', 'reste, oEnd=3', 'ste, oEnd=3']);
    expect(table.rows[0].cells.get('mlp')?.n).toBe(2);
    expect(table.rows[2].cells.get('mlp')).toBeUndefined();
  });

  it('names rows by their axes, estimator objects as JSON', () => {
    expect(rowKey({ estimator: { id: 'reste', config: { t: 1 } }, bits: '1/1', seed: 3, backbone: 'x' }, 'backbone')).toBe('{"id":"reste","config":{"t":1}}, bits=1/1');
  });

  it('plots a metric against a numeric axis with the spread over seeds', () => {
    expect(numericAxes({ estimator: ['a', 'b'], oEnd: [1, 3], seed: [1, 2], lr: [0.1] })).toEqual(['oEnd']);
    const points = benchPoints(results, 'bestTop1', 'oEnd');
    expect(points.map((p) => [p.series, p.x, p.n])).toEqual([
      ['mlp: reste', 1, 2],
      ['mlp: reste', 3, 1],
    ]);
    expect(points[0].high - points[0].low).toBeCloseTo(2 * 1.7677669, 5);
  });
});
