import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';
import { epochRecords, filesUnder, inParallel, killAt, latestWeights, tracePoints, type FaultPoint } from './fault-points.js';

/**
 * Kills `signflow` with SIGKILL at every point where a durable write leaves something on disk
 * (SIGNFLOW_FAULT, deterministic: no timing is involved), then resumes, and checks that the result
 * is exactly what an uninterrupted run gives: bit-identical weights, the same epoch log, summary,
 * best model, and no leftover temporary or lock file.
 */

const TRAIN = ['train', '--backbone', 'mlp', '--dataset', 'mnist', '--limit-train', '128', '--limit-test', '64', '--batch-size', '64', '--epochs', '2', '--seed', '5', '--backend', 'wasm'];

/** Two processes at a time: the machine's two cores. */
const CONCURRENCY = 2;

const leftovers = (dir: string) => filesUnder(dir).filter((p) => p.endsWith('.tmp') || p.endsWith('.signflow.lock') || p.includes('.best-next') || p.startsWith('.starting-'));

describe('a training run killed at every write point', () => {
  it('resumes to the same weights, epoch log, summary and best model as an uninterrupted run', async () => {
    const work = mkdtempSync(join(tmpdir(), 'signflow-faults-'));
    const reference = await tracePoints([...TRAIN, '--out', join(work, 'reference')], join(work, 'trace.txt'));
    expect(reference.result.code, reference.result.stderr).toBe(0);
    const [refDir] = readdirSync(join(work, 'reference')).map((d) => join(work, 'reference', d));
    const expected = {
      weights: latestWeights(refDir),
      log: epochRecords(refDir),
      summary: JSON.parse(readFileSync(join(refDir, 'summary.json'), 'utf8')),
      best: readFileSync(join(refDir, 'best', 'weights.bin')),
    };
    expect(reference.points.length).toBeGreaterThan(40);
    const failures: string[] = [];
    await inParallel(reference.points, CONCURRENCY, async (point: FaultPoint) => {
      const out = join(work, `kill-${point.index}`);
      const killed = await killAt([...TRAIN, '--out', out], point.index);
      if (killed.signal !== 'SIGKILL') return void failures.push(`${point.index}: not killed (code ${killed.code}) ${killed.stderr}`);
      const runs = () => readdirSync(out).filter((name) => !name.startsWith('.'));
      const started = runs()[0];
      // Before its folder is renamed into place with its config.json, a run does not exist yet:
      // the user runs the same command again.
      const finish = started === undefined ? await runCli([...TRAIN, '--out', out]) : await runCli(['train', '--resume', join(out, started)]);
      if (finish.code !== 0) return void failures.push(`${point.index} (${point.description} ${point.path}): exit ${finish.code}: ${finish.stderr}`);
      const runDir = join(out, runs()[0]);
      const problems = [
        latestWeights(runDir).equals(expected.weights) ? '' : 'final weights differ',
        JSON.stringify(epochRecords(runDir)) === JSON.stringify(expected.log) ? '' : 'epoch log differs',
        JSON.stringify({ ...JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')), runDir: undefined }) === JSON.stringify({ ...expected.summary, runDir: undefined }) ? '' : 'summary differs',
        readFileSync(join(runDir, 'best', 'weights.bin')).equals(expected.best) ? '' : 'best model differs',
        leftovers(out).length === 0 ? '' : `left behind: ${leftovers(out).join(', ')}`,
      ].filter((p) => p !== '');
      if (problems.length > 0) failures.push(`${point.index} (${point.description} ${point.path}): ${problems.join('; ')}`);
    });
    expect(failures).toEqual([]);
  }, 1_800_000);
});

describe('a benchmark grid killed at its write points', () => {
  it('completes on the next run with every cell exactly once and the same numbers', async () => {
    const work = mkdtempSync(join(tmpdir(), 'signflow-bench-faults-'));
    const grid = join(work, 'grid.json');
    writeFileSync(
      grid,
      JSON.stringify({
        name: 'faults',
        axes: { oEnd: [2, 3], bits: ['1/1', '1/32'] },
        settings: { backbone: 'mlp', dataset: 'mnist', limitTrain: 64, limitTest: 64, batchSize: 64, epochs: 1, seed: 5, backend: 'wasm' },
      }),
    );
    const bench = (out: string) => ['bench', grid, '--out', out];
    const reference = await tracePoints(bench(join(work, 'reference')), join(work, 'trace.txt'));
    expect(reference.result.code, reference.result.stderr).toBe(0);
    const results = (out: string) =>
      readFileSync(join(out, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .map(({ hash, bestTop1, lastTop1, meanEstimatingError }) => ({ hash, bestTop1, lastTop1, meanEstimatingError }))
        .sort((a, b) => String(a.hash).localeCompare(String(b.hash)));
    const expected = results(join(work, 'reference'));
    expect(expected).toHaveLength(4);
    // Every point of the grid's own files, and every fifth point inside the cells' run
    // directories (the same trainer writes them; the training test above kills it at each).
    const chosen = reference.points.filter((p) => !p.path.includes('/runs/') || p.index % 5 === 0);
    const failures: string[] = [];
    await inParallel(chosen, CONCURRENCY, async (point) => {
      const out = join(work, `kill-${point.index}`);
      const killed = await killAt(bench(out), point.index);
      if (killed.signal !== 'SIGKILL') return void failures.push(`${point.index}: not killed (code ${killed.code})`);
      const again = await runCli(bench(out));
      if (again.code !== 0) return void failures.push(`${point.index} (${point.description} ${point.path}): exit ${again.code}: ${again.stderr}`);
      const problems = [
        JSON.stringify(results(out)) === JSON.stringify(expected) ? '' : `results differ: ${JSON.stringify(results(out))}`,
        leftovers(out).length === 0 ? '' : `left behind: ${leftovers(out).join(', ')}`,
      ].filter((p) => p !== '');
      if (problems.length > 0) failures.push(`${point.index} (${point.description} ${point.path}): ${problems.join('; ')}`);
    });
    expect(failures).toEqual([]);
    expect(chosen.length).toBeGreaterThan(20);
  }, 1_800_000);
});
