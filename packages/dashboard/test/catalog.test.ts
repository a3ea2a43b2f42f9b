import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog.js';
import { RUNNING_WINDOW_MS } from '../src/run-reader.js';
import { link, tempDir, writeBench, writeRun } from './run-fixtures.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function root(): string {
  const dir = tempDir('catalog');
  roots.push(dir);
  return join(dir, 'runs');
}

describe('Catalog', () => {
  it('lists runs with their table fields, ids from their paths', async () => {
    const runs = root();
    writeRun(join(runs, 'a'), { model: true });
    writeRun(join(runs, 'group', 'b'), { completed: false });
    const catalog = new Catalog([runs]);
    await catalog.refresh();
    const index = catalog.index(true);
    expect(index.runs.map((r) => r.id).sort()).toEqual(['runs~a', 'runs~group~b']);
    const a = catalog.row('runs~a');
    expect(a).toMatchObject({ label: 'a', backbone: 'mlp', estimator: 'reste', bits: '1/1', dataset: 'mnist', epochs: 3, epochsDone: 2, bestTop1: 0.7, lastTop1: 0.7, imagesPerSecond: 200, backend: 'cpu', status: 'complete', hasModel: true });
    expect(catalog.row('runs~group~b')?.status).toBe('running');
    expect(catalog.runDocument('runs~a')?.input?.normalization.mean).toEqual([0.1311]);
    expect(catalog.runDocument('runs~group~b')?.input).toBeNull();
  });

  it('reports a corrupt epoch log or config as an error row, keeping the epochs before the bad line', async () => {
    const runs = root();
    writeRun(join(runs, 'bad-log'), { epochs: [{ epoch: 0, top1: 0.5 }, '{"epoch": 1, "loss": oops}', { epoch: 2, top1: 0.6 }] });
    writeRun(join(runs, 'bad-config'), { config: '{ not json' });
    const catalog = new Catalog([runs]);
    await catalog.refresh();
    const bad = catalog.row('runs~bad-log');
    expect(bad?.status).toBe('error');
    expect(bad?.error).toMatch(/^epochs\.jsonl:2: not valid JSON/);
    expect(catalog.runDocument('runs~bad-log')?.records).toEqual([{ epoch: 0, top1: 0.5 }]);
    expect(catalog.row('runs~bad-config')?.error).toMatch(/config\.json is not valid JSON/);
  });

  it('leaves a half-written last line for the next read instead of calling the run corrupt', async () => {
    const runs = root();
    const dir = writeRun(join(runs, 'live'), { completed: false });
    writeFileSync(join(dir, 'epochs.jsonl'), '{"epoch":0,"top1":0.5}\n{"epoch":1,"to', { flag: 'w' });
    const catalog = new Catalog([runs]);
    await catalog.refresh();
    expect(catalog.row('runs~live')).toMatchObject({ status: 'running', epochsDone: 1 });
  });

  it('calls a run without news for a while incomplete', async () => {
    const runs = root();
    writeRun(join(runs, 'old'), { completed: false });
    const catalog = new Catalog([runs]);
    await catalog.refresh(Date.now() + RUNNING_WINDOW_MS + 1000);
    expect(catalog.row('runs~old')?.status).toBe('incomplete');
  });

  it('reports which runs changed, and only those', async () => {
    const runs = root();
    const a = writeRun(join(runs, 'a'));
    writeRun(join(runs, 'b'));
    const catalog = new Catalog([runs]);
    expect((await catalog.refresh()).listing).toBe(true);
    const version = catalog.version;
    expect(await catalog.refresh()).toEqual({ runs: [], benches: [], listing: false });
    expect(catalog.version).toBe(version);
    writeFileSync(join(a, 'epochs.jsonl'), '{"epoch":0}\n{"epoch":1}\n{"epoch":2}\n');
    expect(await catalog.refresh()).toEqual({ runs: ['runs~a'], benches: [], listing: false });
    writeRun(join(runs, 'c'));
    expect(await catalog.refresh()).toEqual({ runs: ['runs~c'], benches: [], listing: true });
    expect(catalog.version).toBe(version + 2);
    expect(catalog.index(true).version).toBe(version + 2);
  });

  it('reads benchmark folders and labels their runs by axes', async () => {
    const runs = root();
    writeBench(join(runs, 'grid'), [
      { hash: 'h1', axes: { estimator: 'reste', seed: 1 }, status: 'completed', bestTop1: 0.7, runDir: '/elsewhere', versions: {} },
      { hash: 'h2', axes: { estimator: 'reste', seed: 2 }, status: 'failed', error: 'diverged', runDir: '/elsewhere', versions: {} },
    ]);
    const catalog = new Catalog([runs]);
    await catalog.refresh();
    expect(catalog.index(false).benches).toEqual([{ id: 'runs~grid', name: 'sweep', path: join(runs, 'grid'), description: 'a test grid', completed: 1, failed: 1 }]);
    expect(catalog.row('runs~grid~runs~h1')).toMatchObject({ label: 'sweep estimator=reste seed=1', bench: 'runs~grid' });
    const doc = catalog.benchDocument('runs~grid');
    expect(doc?.results[0]).toEqual({ hash: 'h1', axes: { estimator: 'reste', seed: 1 }, status: 'completed', bestTop1: 0.7, dataset: 'mnist', backbone: 'mlp', runId: 'runs~grid~runs~h1' });
    expect(doc?.axes).toEqual({ estimator: ['reste'], seed: [1, 2] });
  });

  it("finds the newest finished checkpoint, a 0.1 run's `latest` too, and skips one still being written", async () => {
    const runs = root();
    writeRun(join(runs, 'new'), { model: true });
    writeRun(join(runs, 'legacy'), { model: 'legacy' });
    const writing = writeRun(join(runs, 'writing'), { model: true });
    // A newer folder without its manifest yet: the finished one before it still counts.
    mkdirSync(join(writing, 'checkpoints', 'ckpt-000003-e3-s0'));
    writeFileSync(join(writing, 'checkpoints', 'ckpt-000003-e3-s0', 'model.json'), '{}');
    const none = writeRun(join(runs, 'none'));
    mkdirSync(join(none, 'checkpoints', 'ckpt-000001-e1-s0'), { recursive: true });
    const catalog = new Catalog([runs]);
    await catalog.refresh();
    expect(catalog.modelFile('runs~new', 'model.json')).toMatch(/checkpoints\/ckpt-000002-e2-s0\/model\.json$/);
    expect(catalog.modelFile('runs~legacy', 'weights.bin')).toMatch(/checkpoints\/ckpt-e00002-s000000\/weights\.bin$/);
    expect(catalog.modelFile('runs~writing', 'model.json')).toMatch(/ckpt-000002-e2-s0/);
    expect(catalog.row('runs~none')?.hasModel).toBe(false);
    // Its manifest lands: the newer checkpoint is the model now.
    writeFileSync(join(writing, 'checkpoints', 'ckpt-000003-e3-s0', 'weights.bin'), '');
    writeFileSync(join(writing, 'checkpoints', 'ckpt-000003-e3-s0', 'manifest.json'), '{}');
    expect((await catalog.refresh()).runs).toEqual(['runs~writing']);
    expect(catalog.modelFile('runs~writing', 'model.json')).toMatch(/ckpt-000003-e3-s0/);
  });

  it('never points a model outside its run directory (crafted latest, symbolic links)', async () => {
    const base = root();
    const outside = join(base, '..', 'outside');
    mkdirSync(outside, { recursive: true });
    for (const file of ['model.json', 'weights.bin', 'manifest.json']) writeFileSync(join(outside, file), 'secret');
    const crafted = writeRun(join(base, 'crafted'), { model: 'legacy' });
    writeFileSync(join(crafted, 'checkpoints', 'latest'), '../../../outside');
    const linked = writeRun(join(base, 'linked'), { model: true });
    link(outside, join(linked, 'checkpoints', 'ckpt-000009-e9-s0'));
    const catalog = new Catalog([base]);
    await catalog.refresh();
    for (const id of ['runs~crafted', 'runs~linked']) {
      expect(catalog.row(id)?.hasModel).toBe(false);
      expect(catalog.modelFile(id, 'model.json')).toBeUndefined();
    }
  });

  it('lists packed exports, and only those whose file lies inside their folder', async () => {
    const runs = root();
    mkdirSync(join(runs, 'exported'), { recursive: true });
    writeFileSync(join(runs, 'exported', 'model.sfpk'), Buffer.alloc(10));
    mkdirSync(join(runs, 'sneaky'), { recursive: true });
    link(join(runs, 'exported', 'model.sfpk'), join(runs, 'sneaky', 'model.sfpk'));
    const catalog = new Catalog([runs]);
    expect((await catalog.refresh()).listing).toBe(true);
    expect(catalog.index(true).exports).toEqual([{ id: 'runs~exported', label: 'exported', path: join(runs, 'exported'), bytes: 10 }]);
    expect(catalog.exportFile('runs~exported')).toMatch(/exported\/model\.sfpk$/);
    expect(catalog.exportFile('runs~sneaky')).toBeUndefined();
  });

  it('gives two roots of the same name distinct ids', async () => {
    const first = root();
    const second = root();
    writeRun(join(first, 'x'));
    writeRun(join(second, 'x'));
    const catalog = new Catalog([first, second]);
    await catalog.refresh();
    expect(catalog.runIds()).toEqual(['runs~x', 'runs-2~x']);
  });
});
