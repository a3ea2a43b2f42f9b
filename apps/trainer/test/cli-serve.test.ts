import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, waitFor } from './cli-helpers.js';

const base = mkdtempSync(join(tmpdir(), 'signflow-serve-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A run directory as `signflow train` leaves it (config, one epoch, summary). */
function fakeRun(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ estimator: 'reste', backbone: 'mlp', bits: '1/1', dataset: 'mnist', epochs: 1 }));
  writeFileSync(join(dir, 'epochs.jsonl'), '{"epoch":0,"loss":1,"top1":0.5}\n');
  writeFileSync(join(dir, 'summary.json'), '{"status":"completed"}');
}

describe('signflow serve / site', () => {
  fakeRun(join(base, 'runs', 'one'));

  it('serves the page and the runs on 127.0.0.1 until Ctrl-C', async () => {
    const cli = startCli(['serve', join(base, 'runs'), '--port', '0']);
    await waitFor(cli.output, (text) => /at http:\/\/127\.0\.0\.1:\d+\//.test(text));
    const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(cli.output())?.[1] as string;
    expect(cli.output()).toMatch(/Serving 1 runs and 0 benchmarks/);
    expect(await (await fetch(url)).text()).toMatch(/<title>signflow<\/title>/);
    const index = (await (await fetch(`${url}data/index.json`)).json()) as { runs: { id: string }[] };
    expect(index.runs.map((r) => r.id)).toEqual(['runs~one']);
    cli.child.kill('SIGINT');
    expect((await cli.done).code).toBe(0);
  });

  it('refuses a port in use with exit code 2 and asks for another', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve', join(base, 'runs'), '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use; choose another with --port`));
    } finally {
      blocker.close();
    }
  });

  it('refuses a folder that does not exist and a bad port', async () => {
    const missing = await runCli(['serve', join(base, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere is not a folder/);
    expect((await runCli(['serve', join(base, 'runs'), '--port', '70000'])).code).toBe(2);
  });

  it('writes a static site, and will not overwrite a folder that holds something else', async () => {
    const site = join(base, 'site');
    const result = await runCli(['site', join(base, 'runs'), '--out', site]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Wrote 1 runs \(0 with their models\), 0 benchmarks and 0 packed exports/);
    expect(JSON.parse(readFileSync(join(site, 'data', 'index.json'), 'utf8')).live).toBe(false);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toMatch(/<title>signflow<\/title>/);
    const other = join(base, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'keep');
    const refused = await runCli(['site', join(base, 'runs'), '--out', other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not empty and holds no earlier signflow site/);
    expect((await runCli(['site', join(base, 'runs')])).code).toBe(2);
  });
});
