import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchRunner, type GridOptions } from '../src/bench/bench-runner.js';
import { expandGrid } from '../src/bench/expand-grid.js';
import { validateGridSpec, type GridSpec } from '../src/bench/grid-spec.js';
import { createAppContainer } from '../src/container/app-container.js';
import { UsageError } from '../src/errors.js';
import { runCli } from './cli-helpers.js';

const TINY = { backbone: 'mlp', dataset: 'mnist', epochs: 1, batchSize: 64, limitTrain: 256, limitTest: 128, backend: 'wasm' };

const app = createAppContainer();
const runGrid = (spec: GridSpec, options: GridOptions) => app.resolve(BenchRunner).run(spec, options);

const grid = (axes: Record<string, unknown[]>, extra: Record<string, unknown> = {}) => ({ name: 'test grid', axes, settings: TINY, ...extra });

describe('signflow bench', () => {
  it('runs a 2×2 grid, writes its results, report and plots, and skips complete cells when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signflow-bench-'));
    const file = join(dir, 'grid.json');
    writeFileSync(file, JSON.stringify(grid({ oEnd: [2, 3], bits: ['1/1', '1/32'] })));
    const out = join(dir, 'out');
    const first = await runCli(['bench', file, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['bench', file, '--out', out]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.match(/already complete, skipped/g)).toHaveLength(4);
    const results = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(results).toHaveLength(4);
    expect(new Set(results.map((r) => r.hash)).size).toBe(4);
    expect(results.every((r) => r.status === 'completed' && r.bestTop1 > 0 && r.versions['@signflow/core'])).toBe(true);
    for (const hash of readdirSync(join(out, 'runs'))) {
      expect(readFileSync(join(out, 'runs', hash, 'epochs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const rows = report.split('\n').filter((l) => /^\| oEnd=\d, bits=/.test(l));
    expect(rows.length).toBe(8); // four accuracy rows and four indicator rows
    expect(report).toMatch(/## mnist/);
    expect(readdirSync(join(out, 'plots')).some((f) => f.endsWith('.svg'))).toBe(true);
  });

  it('refuses bad grids before any run starts', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'signflow-badgrid-')), 'out');
    const fails = async (spec: unknown, message: RegExp, options = {}) => {
      await expect(runGrid(validateGridSpec(spec), { out, ...options })).rejects.toThrow(message);
      expect(existsSync(join(out, 'results.jsonl'))).toBe(false);
    };
    await fails(grid({ estimator: ['reste', 'resteX'] }), /Unknown estimator 'resteX'/);
    await fails(grid({ backbone: ['resnet21'] }), /Unknown backbone 'resnet21'/);
    await fails(grid({ dataset: ['imagenet-21k'] }), /Unknown dataset 'imagenet-21k'/);
    await fails(grid({}), /expands to no run/);
    await fails(grid({ estimator: [{ id: 'reste', config: { o: 0.5 } }] }), /Invalid estimator settings for 'reste' \{"o":0.5\}: .*o = 0.5/);
    await fails(grid({ oEnd: [1, 2, 3], seed: [1, 2, 3, 4] }), /expands to 12 runs, more than --max-runs 10/, { maxRuns: 10 });
    expect(() => validateGridSpec(grid({ oEnd: [] }))).toThrow(/an axis needs at least one value/);
    expect(() => validateGridSpec(grid({ colour: ['red'] }))).toThrow(UsageError);
  });

  it("applies an estimator plugin's settings to the cells of that estimator only", () => {
    const cells = expandGrid(validateGridSpec(grid({ estimator: ['reste', 'ste'], oEnd: [2, 3] }, { settings: { ...TINY, oSchedule: 'linear' } })), 'out');
    expect(cells.map((c) => c.axes)).toEqual([
      { estimator: 'reste', oEnd: 2 },
      { estimator: 'reste', oEnd: 3 },
      { estimator: 'ste' },
    ]);
    expect(cells.map((c) => c.config.schedules)).toEqual([{ o: { kind: 'linear', from: 1, to: 2 } }, { o: { kind: 'linear', from: 1, to: 3 } }, {}]);
  });

  it('refuses an output folder that holds another grid', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'signflow-othergrid-')), 'out');
    await runGrid(validateGridSpec(grid({ oEnd: [2] })), { out, log: devNull() });
    await expect(runGrid(validateGridSpec(grid({ oEnd: [3] })), { out, log: devNull() })).rejects.toThrow(/holds the results of another grid/);
  });

  it('records a failed run with its error and goes on', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'signflow-failgrid-')), 'out');
    const outcome = await runGrid(validateGridSpec(grid({ lr: [0.05, 1e38] })), { out, log: devNull() });
    expect(outcome).toMatchObject({ runs: 2, ran: 1, failed: 1 });
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.status === 'failed').error).toMatch(/loss became/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/## Failed runs/);
  });
});

function devNull(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}
