import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SiteOutputError, writeSite } from '../src/site-writer.js';
import { tempDir, writeBench, writeRun } from './run-fixtures.js';

const base = tempDir('site');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('writeSite', () => {
  const page = join(base, 'page');
  mkdirSync(join(page, 'assets'), { recursive: true });
  writeFileSync(join(page, 'index.html'), '<!doctype html>');
  writeFileSync(join(page, 'assets', 'app.js'), '');
  writeRun(join(base, 'runs', 'a'), { model: true });
  writeRun(join(base, 'runs', 'b'), { epochs: ['not json'] });
  writeBench(join(base, 'runs', 'grid'), [{ hash: 'h1', axes: { estimator: 'reste', seed: 1 }, status: 'completed', bestTop1: 0.5 }]);
  mkdirSync(join(base, 'runs', 'packed'));
  writeFileSync(join(base, 'runs', 'packed', 'model.sfpk'), 'SFPK');

  it('writes the page and every document at the paths the server answers, not live', async () => {
    const out = join(base, 'site');
    const summary = await writeSite([join(base, 'runs')], out, { pageDir: `${page}/` });
    expect(summary).toEqual({ runs: 3, benches: 1, models: 1, exports: 1 });
    expect(readFileSync(join(out, 'data', 'exports', 'runs~packed.sfpk'), 'utf8')).toBe('SFPK');
    const index = JSON.parse(readFileSync(join(out, 'data', 'index.json'), 'utf8')) as { live: boolean; runs: { id: string; status: string }[] };
    expect(index.live).toBe(false);
    expect(index.runs.find((r) => r.id === 'runs~b')?.status).toBe('error');
    for (const file of ['index.html', 'assets/app.js', 'data/runs/runs~a.json', 'data/runs/runs~b.json', 'data/runs/runs~grid~runs~h1.json', 'data/benches/runs~grid.json']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(readFileSync(join(out, 'data', 'runs', 'runs~a', 'weights.bin'))).toEqual(Buffer.from([1, 2, 3, 4]));
  });

  it('replaces an earlier site but refuses a folder with other files', async () => {
    const out = join(base, 'site');
    writeFileSync(join(out, 'stale.txt'), 'old');
    await writeSite([join(base, 'runs')], out, { pageDir: `${page}/` });
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    const other = join(base, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'thesis.tex'), 'precious');
    await expect(writeSite([join(base, 'runs')], other, { pageDir: `${page}/` })).rejects.toThrow(SiteOutputError);
    expect(readFileSync(join(other, 'thesis.tex'), 'utf8')).toBe('precious');
  });
});
