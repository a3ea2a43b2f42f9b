import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK, runCli } from './cli-helpers.js';
import { latestCheckpoint } from './fault-points.js';

const work = mkdtempSync(join(tmpdir(), 'signflow-deploy-'));
let run = '';
afterAll(() => rmSync(work, { recursive: true, force: true }));

function png(file: string, channels: 1 | 3): string {
  const image = new pngjs.PNG({ width: 28, height: 28, colorType: channels === 1 ? 0 : 2, inputColorType: 6 });
  for (let i = 0; i < 28 * 28; i++) image.data.set([(i * 7) % 256, (i * 7) % 256, (i * 7) % 256, 255], 4 * i);
  const path = join(work, file);
  writeFileSync(path, pngjs.PNG.sync.write(image, { colorType: channels === 1 ? 0 : 2 }));
  return path;
}

describe('signflow export, evaluate, predict, summary', () => {
  beforeAll(async () => {
    const trained = await runCli(['train', ...QUICK, '--epochs', '2', '--out', join(work, 'runs')]);
    expect(trained.code, trained.stderr).toBe(0);
    run = join(work, 'runs', readdirSync(join(work, 'runs'))[0]);
  });

  it('keeps the best epoch in best/ with the files of a checkpoint', () => {
    expect(readdirSync(join(run, 'best')).sort()).toEqual(['best.json', 'manifest.json', 'model.json', 'weights.bin']);
    expect(readFileSync(join(run, 'best', 'model.json'), 'utf8')).toBe(readFileSync(join(latestCheckpoint(run), 'model.json'), 'utf8'));
  });

  it('evaluates the run and its three exports to the same accuracy', async () => {
    const results = [];
    for (const format of ['packed', 'tfjs', 'onnx']) {
      const out = await runCli(['export', run, '--which', 'last', '--format', format, '--out', join(work, format)]);
      expect(out.code, out.stderr).toBe(0);
    }
    for (const model of [run, join(work, 'packed'), join(work, 'packed', 'model.sfpk'), join(work, 'tfjs'), join(work, 'onnx')]) {
      const out = await runCli(['evaluate', model, '--dataset', 'mnist', '--limit-test', '64', '--json']);
      expect(out.code, out.stderr).toBe(0);
      results.push(JSON.parse(out.stdout) as { top1: number; top5: number });
    }
    for (const r of results) expect([r.top1, r.top5]).toEqual([results[0].top1, results[0].top5]);
  });

  it('predicts the top-5 classes of a PNG, and names the file that is no image or has the wrong channels', async () => {
    const out = await runCli(['predict', join(work, 'packed'), png('digit.png', 1), '--json']);
    expect(out.code, out.stderr).toBe(0);
    const top = (JSON.parse(out.stdout) as { predictions: { top: { probability: number }[] }[] }).predictions[0].top;
    expect(top).toHaveLength(5);
    expect(top[0].probability).toBeGreaterThanOrEqual(top[4].probability);
    const text = join(work, 'notes.png');
    writeFileSync(text, 'not an image');
    const bad = await runCli(['predict', join(work, 'packed'), text]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('notes.png is not an image')]);
    const colour = await runCli(['predict', run, png('colour.png', 3)]);
    expect([colour.code, colour.stderr]).toEqual([2, expect.stringMatching(/colour\.png has 3 channels.*1-channel/)]);
    expect(colour.stderr).not.toContain('    at ');
  });

  it('refuses truncated, corrupt and newer packed files with exit 2', async () => {
    const file = readFileSync(join(work, 'packed', 'model.sfpk'));
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated.sfpk', file.subarray(0, file.length - 100), /truncated/],
      ['corrupt.sfpk', Uint8Array.from(file, (b, i) => (i === file.length - 1 ? b ^ 1 : b)), /fails its hash/],
      ['newer.sfpk', Uint8Array.from(file, (b, i) => (i === 4 ? 9 : b)), /format version 9/],
    ];
    for (const [name, bytes, message] of cases) {
      writeFileSync(join(work, name), bytes);
      const out = await runCli(['evaluate', join(work, name), '--dataset', 'mnist', '--limit-test', '8']);
      expect([out.code, out.stderr], name).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('summarises a run with the packed file it predicts, within 1 % of the export, and an export', async () => {
    const ofRun = await runCli(['summary', run]);
    expect(ofRun.code, ofRun.stderr).toBe(0);
    const predicted = Number(/Packed file \(signflow export --format packed\): ([\d,]+) bytes = [\d,]+ of weights/.exec(ofRun.stdout)?.[1].replaceAll(',', ''));
    expect(ofRun.stdout).toMatch(/Packed export of these weights: \d+ bytes \([+-]0\.\d\d % from the prediction\), of which \d+ bytes of weights \([+-]0\.\d\d % from the memory\)/);
    const ofExport = await runCli(['summary', join(work, 'packed')]);
    expect(ofExport.stdout).toMatch(/weights: \d+ bytes \(summary predicts \d+: [+-]0\.\d\d %\)/);
    const file = readFileSync(join(work, 'packed', 'model.sfpk')).byteLength;
    expect(ofExport.stdout).toContain(`file: ${file} bytes (summary predicts`);
    // the summary predicts the export of best/; this one is of the last weights, which changes only the source's which and epoch
    expect(Math.abs(file - predicted) / predicted).toBeLessThan(0.01);
    expect(existsSync(join(work, 'packed', 'export.json'))).toBe(true);
  });

  it('exports a run of another sign estimator (DoReFa 1-bit weights, 1W/32A) as packed', async () => {
    const out = await runCli(['train', '--backbone', 'mlp', '--dataset', 'mnist', '--limit-train', '64', '--limit-test', '32', '--batch-size', '32', '--backend', 'wasm', '--epochs', '1', '--estimator', 'dorefa', '--bits', '1/32', '--out', join(work, 'dorefa')]);
    expect(out.code, out.stderr).toBe(0);
    const dir = join(work, 'dorefa', readdirSync(join(work, 'dorefa'))[0]);
    const exported = await runCli(['export', dir, '--format', 'packed', '--out', join(work, 'dorefa-packed')]);
    expect(exported.code, exported.stderr).toBe(0);
  });
});
