import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { QUICK, runCli } from './cli-helpers.js';

/** Parses an SVG file and returns its root element (throws on malformed XML). */
function svgRoot(path: string): Record<string, unknown> {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(path, 'utf8'), true) as Record<string, unknown>;
  expect(parsed.svg).toBeDefined();
  return parsed.svg as Record<string, unknown>;
}

describe('signflow summary / plot / plot-estimators', () => {
  it('summarises ResNet-20 1W/1A with its 267,264 binary weights', async () => {
    const result = await runCli(['summary', '--backbone', 'resnet20', '--bits', '1/1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/267,264/);
    expect(result.stdout).toMatch(/269,850/);
    // 43,824 bytes of weights (the memory) and the manifest describing 35 operations
    expect(result.stdout).toMatch(/Packed file \(signflow export --format packed\): [\d,]+ bytes = 43,824 of weights \(the memory above\) \+ [\d,]+ of manifest/);
  });

  it('rejects a summary of an unknown backbone or bit setting', async () => {
    expect((await runCli(['summary', '--backbone', 'resnet21'])).stderr).toMatch(/Unknown backbone 'resnet21'/);
    const bad = await runCli(['summary', '--backbone', 'mlp', '--bits', '2/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bits 2\/2 is not one of 1\/1, 1\/32, 32\/32/);
  });

  it('plots the training curves of a run and the estimators as valid SVG', async () => {
    const out = mkdtempSync(join(tmpdir(), 'signflow-plot-'));
    expect((await runCli(['train', ...QUICK, '--epochs', '2', '--out', join(out, 'runs')])).code).toBe(0);
    const [run] = readdirSync(join(out, 'runs'));
    const plotted = await runCli(['plot', join(out, 'runs', run), '--out', join(out, 'curves')]);
    expect(plotted.code, plotted.stderr).toBe(0);
    const curves = readdirSync(join(out, 'curves')).filter((f) => f.endsWith('.svg'));
    expect(curves.length).toBeGreaterThan(0);
    curves.forEach((f) => svgRoot(join(out, 'curves', f)));

    const estimators = await runCli(['plot-estimators', '--estimator', 'reste', '--estimator', 'ste', '--out', join(out, 'estimators')]);
    expect(estimators.code, estimators.stderr).toBe(0);
    expect(existsSync(join(out, 'estimators', 'estimators.svg'))).toBe(true);
    svgRoot(join(out, 'estimators', 'estimators.svg'));
    expect(readdirSync(join(out, 'estimators')).some((f) => /schedule/.test(f))).toBe(true);
  });
});
