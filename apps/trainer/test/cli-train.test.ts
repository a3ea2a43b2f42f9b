import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUICK, runCli, startCli, waitFor } from './cli-helpers.js';
import { latestCheckpoint, latestWeights } from './fault-points.js';

function onlyRunDir(out: string): string {
  const dirs = readdirSync(out);
  expect(dirs).toHaveLength(1);
  return join(out, dirs[0]);
}

const finalWeights = latestWeights;

describe('signflow train', () => {
  it('trains, evaluates every epoch, and writes config, epoch log, checkpoint and summary', async () => {
    const out = mkdtempSync(join(tmpdir(), 'signflow-train-'));
    const result = await runCli(['train', ...QUICK, '--epochs', '2', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Backend: wasm/);
    expect(result.stdout).toMatch(/Test top-1 \d+\.\d+%/);
    const runDir = onlyRunDir(out);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ estimator: 'reste', backbone: 'mlp', bits: '1/1', epochs: 2 });
    const log = readFileSync(join(runDir, 'epochs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((r) => r.epoch)).toEqual([0, 1]);
    for (const record of log) {
      expect(record).toMatchObject({ backend: 'wasm' });
      for (const key of ['loss', 'trainTop1', 'top1', 'top5', 'lr', 'o', 'estimatingError', 'gradientInstability', 'flipRatio', 'seconds', 'imagesPerSecond']) {
        expect(Number.isFinite(record[key]), key).toBe(true);
      }
    }
    // o follows the cosine schedule from 1 (epoch 0) towards o_end = 3: o(1) = 1 + 2(1 − cos(π/4)).
    expect(log[0].o).toBe(1);
    expect(log[1].o).toBeCloseTo(1 + 2 * (1 - Math.cos(Math.PI / 4)), 6);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'completed', epochsDone: 2, backend: 'wasm' });
  });

  it('stops cleanly on Ctrl-C after the current step, and resumes from that step', async () => {
    const out = mkdtempSync(join(tmpdir(), 'signflow-sigint-'));
    const run = startCli(['train', ...QUICK, '--limit-train', '1024', '--epochs', '2', '--out', out]);
    await waitFor(run.output, (text) => /epoch 1\/2 \[.*\] +25%/.test(text));
    run.child.kill('SIGINT');
    const stopped = await run.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/checkpoint saved. Resume with: signflow train --resume/);
    const runDir = onlyRunDir(out);
    expect(latestCheckpoint(runDir)).toMatch(/ckpt-000001-e00000-s0000\d\d$/);
    const resumed = await runCli(['train', '--resume', runDir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 2 });
  });

  it.each([
    [['--estimator', 'resteX'], /Unknown estimator 'resteX'. Known estimators: .*reste.*ste/],
    [['--backbone', 'resnet21'], /Unknown backbone 'resnet21'. Known backbones: .*resnet20/],
    [['--dataset', '/nonexistent/folder'], /neither a dataset name .* nor an existing folder/],
    [['--bits', '3/7'], /bits/],
    [['--epochs=-2'], /epochs/],
    [['--batch-size', '0'], /batchSize/],
    [['--estimator', '@someone/no-such-signflow-plugin'], /Cannot find the plugin package '@someone\/no-such-signflow-plugin'/],
    [['--plugin', './not-a-folder'], /Cannot find the plugin package '.\/not-a-folder'/],
    [['--backend', 'tensorflow'], /--backend tensorflow is not available: @tensorflow\/tfjs-node-gpu/],
  ])('exits with code 2 and a clear message for %j', async (argv, message) => {
    const out = mkdtempSync(join(tmpdir(), 'signflow-bad-'));
    const result = await runCli(['train', ...(argv as string[]), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(out)).toEqual([]); // no run directory is created for bad input
  });

  it('refuses to resume a checkpoint of another model, leaving the run directory intact', async () => {
    const out = mkdtempSync(join(tmpdir(), 'signflow-other-'));
    expect((await runCli(['train', ...QUICK, '--epochs', '1', '--out', out])).code).toBe(0);
    const runDir = onlyRunDir(out);
    const configPath = join(runDir, 'config.json');
    const original = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(original), backbone: 'lenet' }));
    const before = finalWeights(runDir);
    const result = await runCli(['train', '--resume', runDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot resume from .*: it was written for another model/);
    expect(finalWeights(runDir).equals(before)).toBe(true);
    expect(existsSync(join(runDir, 'epochs.jsonl'))).toBe(true);
  });
});
