import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { registerEstimator, unregisterEstimator } from '@signflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { histogram } from '../src/index.js';
import {
  defaultSweep,
  estimatorCurves,
  plotRun,
  renderSvg,
  scheduleCurves,
  schedulePlotSpec,
  svgToPng,
  trainingCurveSpecs,
  writeEstimatorPlots,
  writeHistogramPlot,
  writeIndicatorPlot,
  writeSchedulePlot,
} from '../src/plots/index.js';
import { ClipSign, clipSignPlugin, TwoBit } from './fixtures/estimators.js';
import { parseSvg } from './fixtures/svg.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signflow-plots-'));
  registerEstimator(clipSignPlugin);
});
afterAll(async () => {
  unregisterEstimator(clipSignPlugin.id);
  await rm(dir, { recursive: true, force: true });
});

async function svgAt(path: string): Promise<ReturnType<typeof parseSvg>> {
  return parseSvg(await readFile(path, 'utf8'));
}

describe('estimator plots', () => {
  it('samples forward, surrogate and pseudo-gradient on [−2, 2], 0 included', () => {
    const est = new ClipSign({ clip: 1 });
    const before = tf.memory().numTensors;
    const points = estimatorCurves(est, { sweep: { hyper: 'clip', values: [0.5, 1.5] } });
    expect(tf.memory().numTensors).toBe(before);
    expect(points).toHaveLength(2 * 401);
    const at = (setting: string, x: number) => points.filter((p) => p.setting === setting && Math.abs(p.x - x) < 1e-12)[0];
    // clip 0.5 at x = 0.75: outside the clip → gradient 0, surrogate clipped to 0.5, forward +1.
    expect(at('clip = 0.5', 0.75)).toMatchObject({ forward: 1, surrogate: 0.5, gradient: 0 });
    // clip 1.5 at x = −1.25: inside → gradient 1, surrogate −1.25, forward −1.
    expect(at('clip = 1.5', -1.25)).toMatchObject({ forward: -1, surrogate: -1.25, gradient: 1 });
    expect(at('clip = 1.5', 0)).toMatchObject({ forward: 1, gradient: 1 });
    // The estimator's own value is restored.
    expect(est.hyper.clip).toBe(1);
  });

  it('draws estimators without a surrogate too, and names an unknown hyper-parameter', () => {
    const points = estimatorCurves(new TwoBit(), { samples: 5, range: [0, 1] });
    expect(points.map((p) => p.forward)).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1].map((v) => Math.fround(v)));
    expect(points.every((p) => p.surrogate === undefined && p.setting === 'default')).toBe(true);
    expect(() => estimatorCurves(new TwoBit(), { sweep: { hyper: 'o', values: [1] } })).toThrow(/has no hyper-parameter 'o'; known: \(none\)/);
  });

  it('writes one valid SVG with a row per estimator (registered ids by default)', async () => {
    const paths = await writeEstimatorPlots(join(dir, 'est'), undefined, { sweeps: { 'test-clip-sign': { hyper: 'clip', values: [0.5, 1, 1.5] } } });
    expect(paths).toEqual([join(dir, 'est', 'estimators.svg')]);
    const svg = await svgAt(paths[0]);
    expect(svg.texts).toContain('test-clip-sign: pseudo-gradient');
    expect(svg.texts).toContain('clip = 1.5');
    const two = await writeEstimatorPlots(join(dir, 'est2'), ['test-clip-sign', new TwoBit()]);
    expect((await svgAt(two[0])).texts).toEqual(expect.arrayContaining(['test-clip-sign: forward (grey) and surrogate', 'test-two-bit: forward']));
    await expect(writeEstimatorPlots(dir, [])).rejects.toThrow(/no estimator to draw/);
  });
});

describe('defaultSweep', () => {
  it("sweeps the main hyper-parameter a registered plugin declares, and nothing otherwise", () => {
    const plugin = { ...clipSignPlugin, id: 'test-clip-main', mainHyper: { name: 'clip', plotValues: [0.5, 1] } };
    registerEstimator(plugin);
    try {
      expect(defaultSweep('test-clip-main')).toEqual({ hyper: 'clip', values: [0.5, 1] });
      expect(defaultSweep('test-clip-sign')).toBeUndefined();
      expect(defaultSweep('not-registered')).toBeUndefined();
    } finally {
      unregisterEstimator(plugin.id);
    }
  });
});

describe('schedule plot (appendix Fig. 3)', () => {
  it('samples every kind from 1 to o_end per epoch (docs/method.md §10.3 values)', () => {
    const points = scheduleCurves({ base: { kind: 'cosine', from: 1, to: 3 }, epochs: 1000 });
    const at = (kind: string, e: number) => points.filter((p) => p.series === kind && p.x === e)[0].y;
    expect(at('cosine', 500)).toBeCloseTo(1.585786, 6);
    expect(at('cosine', 999)).toBeCloseTo(2.996859, 5); // docs/method.md §10.3 gives a float32 evaluation
    expect(at('linear', 250)).toBeCloseTo(1.5, 12);
    expect(at('power', 500)).toBeCloseTo(1.5, 12); // 1 + 2 · 0.5²
    expect(at('exp', 500)).toBeCloseTo(Math.sqrt(3), 12); // 3^0.5
    expect(at('fixed', 0)).toBe(3);
    expect(new Set(points.map((p) => p.series))).toEqual(new Set(['fixed', 'linear', 'cosine', 'power', 'exp']));
  });

  it('writes a valid SVG and a PNG', async () => {
    expect(scheduleCurves({ base: { kind: 'exp', from: 0.1, to: 10 }, kinds: ['fixed', 'exp'], epochs: 2 })).toEqual([
      { x: 0, y: 10, series: 'fixed' },
      { x: 1, y: 10, series: 'fixed' },
      { x: 0, y: 0.1, series: 'exp' },
      { x: 1, y: expect.closeTo(1, 12), series: 'exp' },
    ]);
    const paths = await writeSchedulePlot(join(dir, 'sched'), { epochs: 50, png: true });
    expect(paths).toEqual([join(dir, 'sched', 'o-schedules.svg'), join(dir, 'sched', 'o-schedules.png')]);
    expect((await svgAt(paths[0])).texts).toContain('o schedules from 1 to o_end = 3');
    const png = await readFile(paths[1]);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(await readdir(join(dir, 'sched'))).toEqual(['o-schedules.png', 'o-schedules.svg']); // no temp file left
  });
});

describe('indicator and histogram plots', () => {
  it('draws e, s and top-1 against o_end', async () => {
    const points = [1, 2, 3, 4].flatMap((x) => [
      { x, estimatingError: 10 / x, gradientInstability: x * 1e-6, top1: 0.85, series: '1W/1A' },
      { x, estimatingError: 9 / x, gradientInstability: x * 2e-6, top1: 0.87, series: '1W/32A' },
    ]);
    const [path] = await writeIndicatorPlot(dir, points);
    expect(path).toBe(join(dir, 'indicators-vs-o-end.svg'));
    const svg = await svgAt(path);
    expect(svg.texts).toEqual(expect.arrayContaining(['Estimating error', 'Gradient instability', 'Top-1 accuracy', '1W/32A']));
    await expect(writeIndicatorPlot(dir, [])).rejects.toThrow(/no points/);
  });

  it('overlays histograms', async () => {
    const series = [
      { label: 'o_end = 1', histogram: histogram([0, 0.1, 0.2, 0.9], { bins: 4, range: [0, 1] }) },
      { label: 'o_end = 3', histogram: histogram([0.5, 0.6], { bins: 4, range: [0, 1] }) },
    ];
    const [path] = await writeHistogramPlot(dir, 'fitting-error', series, { title: 'Fitting error', xTitle: 'f_o(W) − sign(W)' });
    expect(path).toBe(join(dir, 'fitting-error.svg'));
    expect((await svgAt(path)).texts).toEqual(expect.arrayContaining(['Fitting error', 'o_end = 3']));
    await expect(writeHistogramPlot(dir, '../escape', series)).rejects.toThrow(/plain file stem/);
  });
});

describe('plotRun', () => {
  it('writes the curves a run log has values for', async () => {
    const run = join(dir, 'run');
    await mkdir(run);
    const lines = [0, 1, 2].map((epoch) =>
      JSON.stringify({ epoch, loss: 2 - epoch * 0.5, testLoss: 2.1 - epoch * 0.4, top1: 0.3 + epoch * 0.1, top5: 0.8, lr: 0.1 / (epoch + 1), o: 1 + epoch }),
    );
    await writeFile(join(run, 'epochs.jsonl'), lines.join('\n') + '\n');
    const paths = await plotRun(run);
    expect(paths.map((p) => p.slice(join(run, 'plots').length + 1))).toEqual(['loss.svg', 'accuracy.svg', 'lr.svg', 'o.svg']);
    expect((await svgAt(paths[3])).texts).toContain('Hyper-parameter o');
    for (const p of paths) parseSvg(await readFile(p, 'utf8'));
    expect((await svgAt(paths[1])).texts).toEqual(expect.arrayContaining(['test top-1', 'test top-5', 'accuracy (%)']));
  });

  it('draws any scheduled hyper-parameter by its name, and points for a one-epoch run', async () => {
    const run = join(dir, 'one-epoch');
    await mkdir(run);
    await writeFile(join(run, 'epochs.jsonl'), JSON.stringify({ epoch: 0, loss: 1.5, top1: 0.4, t: 0.1, k: 10 }) + '\n');
    const paths = await plotRun(run);
    expect(paths.map((p) => p.slice(join(run, 'plots').length + 1))).toEqual(['loss.svg', 'accuracy.svg', 't.svg', 'k.svg']);
    const specs = trainingCurveSpecs([{ epoch: 0, loss: 1.5, t: 0.1 }]);
    expect(JSON.stringify(specs.t)).toContain('"point":true');
  });

  it('names a run without a log', async () => {
    await expect(plotRun(join(dir, 'nowhere'))).rejects.toThrow(/cannot read .*epochs.jsonl/);
  });
});

describe('rendering', () => {
  it('is deterministic and rasterises', async () => {
    const spec = schedulePlotSpec({ epochs: 10 });
    const a = await renderSvg(spec);
    expect(await renderSvg(spec)).toBe(a);
    expect(parseSvg(a).width).toBeGreaterThan(300);
    const png = await svgToPng(a, 1);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    await expect(svgToPng(a, 0)).rejects.toThrow(/scale = 0/);
  });
});
