import { describe, expect, it } from 'vitest';
import type { RunDocument } from '@signflow/dashboard/contract';
import { overlayCharts, uniqueLabels } from './overlay-specs.js';

function doc(label: string, epochs: number): RunDocument {
  return {
    row: { id: label, label, path: label, epochsDone: epochs, status: 'complete', hasModel: false, updated: 0 },
    config: null,
    input: null,
    records: Array.from({ length: epochs }, (_, epoch) => ({ epoch, loss: 2 - epoch * 0.1, testLoss: 2.1 - epoch * 0.1, top1: 0.5 + epoch * 0.01, lr: 0.1, ...(label === 'beta' ? { o: 1 + epoch } : {}) })),
  };
}

interface LineSpec {
  data: { values: { x: number; y: number; series: string }[] };
  mark: { point: boolean; tooltip: boolean };
}

describe('overlaid training curves', () => {
  it('draws every selected run on each panel that has values, one line per run and series', () => {
    const charts = overlayCharts([doc('alpha', 3), doc('beta', 2)]);
    expect(charts.map((c) => c.key)).toEqual(['loss', 'accuracy', 'lr', 'o']);
    const loss = charts[0].spec as unknown as LineSpec;
    expect([...new Set(loss.data.values.map((v) => v.series))]).toEqual(['alpha: train', 'alpha: test', 'beta: train', 'beta: test']);
    expect(loss.data.values.filter((v) => v.series === 'beta: test').map((v) => v.x)).toEqual([0, 1]);
    const lr = charts[2].spec as unknown as LineSpec;
    expect([...new Set(lr.data.values.map((v) => v.series))]).toEqual(['alpha', 'beta']);
    expect(loss.mark.tooltip).toBe(true);
    // A hyper-parameter only one run schedules is drawn for that run.
    expect([...new Set((charts[3].spec as unknown as LineSpec).data.values.map((v) => v.series))]).toEqual(['beta']);
  });

  it('marks points, so that a one-epoch run is visible', () => {
    const [loss] = overlayCharts([doc('single', 1)]);
    expect((loss.spec as unknown as LineSpec).mark.point).toBe(true);
    expect((overlayCharts([doc('long', 60)])[0].spec as unknown as LineSpec).mark.point).toBe(false);
  });

  it('tells apart runs with the same label', () => {
    expect(uniqueLabels([doc('x', 1), doc('y', 1), doc('x', 1)])).toEqual(['x', 'y', 'x (2)']);
  });
});
