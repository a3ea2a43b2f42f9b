import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startServer, type RunningServer } from '../src/http-server.js';
import { tempDir, writeRun } from './run-fixtures.js';

const SECRET = 'TOP-SECRET-CONTENT';
let base: string;
let server: RunningServer;

/** A GET with the request target sent exactly as written (no client-side normalisation of `..`). */
function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = tempDir('server');
  // The page, the runs, and secrets beside and above them that must never be served.
  mkdirSync(join(base, 'page', 'assets'), { recursive: true });
  writeFileSync(join(base, 'page', 'index.html'), '<!doctype html><title>page</title>');
  writeFileSync(join(base, 'page', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeRun(join(base, 'runs', 'a'), { model: true });
  mkdirSync(join(base, 'runs', 'packed'));
  writeFileSync(join(base, 'runs', 'packed', 'model.sfpk'), 'SFPK');
  writeFileSync(join(base, 'runs', 'a', 'checkpoints', 'notes.txt'), SECRET);
  server = await startServer({ roots: [join(base, 'runs')], port: 0, host: '127.0.0.1', pageDir: `${join(base, 'page')}/`, pollMs: 50 });
});

afterAll(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

describe('the server', () => {
  it('binds 127.0.0.1 and serves the page and the documents', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect((await rawGet(server.port, '/')).body).toContain('<title>page</title>');
    const index = JSON.parse((await rawGet(server.port, '/data/index.json')).body) as { live: boolean; runs: { id: string }[] };
    expect(index.live).toBe(true);
    expect(index.runs.map((r) => r.id)).toEqual(['runs~a']);
    expect(JSON.parse((await rawGet(server.port, '/data/runs/runs~a.json')).body).records).toHaveLength(2);
    const weights = await rawGet(server.port, '/data/runs/runs~a/weights.bin');
    expect([weights.status, weights.type, weights.body.length]).toEqual([200, 'application/octet-stream', 4]);
    expect((await rawGet(server.port, '/data/runs/nope.json')).status).toBe(404);
    expect((await rawGet(server.port, '/data/exports/runs~packed.sfpk')).body).toBe('SFPK');
  });

  it('never serves a file outside the page and the runs, however the path is written', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%252e%252e/secret.txt',
      '/data/runs/..%2f..%2fsecret.txt',
      '/data/runs/runs~a/..%2fcheckpoints%2fnotes.txt',
      '/data/runs/runs~a/notes.txt',
      '/data/runs/%2e%2e/model.json',
      '//secret.txt',
      `/${encodeURIComponent(join(base, 'secret.txt'))}`,
    ];
    for (const target of attempts) {
      const { status, body } = await rawGet(server.port, target);
      expect(body, target).not.toContain(SECRET);
      expect([400, 404], target).toContain(status);
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: server.port, path: '/data/index.json', method: 'POST' }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(405);
  });

  it('announces a run whose epoch log grows on the events stream', async () => {
    const change = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events' }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          const match = /event: change\ndata: (.*)\n\n/.exec(text);
          if (match) {
            req.destroy();
            resolve(match[1]);
          }
        });
        // The stream is open: now a new epoch lands.
        setTimeout(() => appendFileSync(join(base, 'runs', 'a', 'epochs.jsonl'), '{"epoch":2,"top1":0.8}\n'), 100);
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(await change)).toEqual({ runs: ['runs~a'], benches: [], listing: false });
  });

  it('answers from the catalog at once, finds changes behind the answer, and greets streams with the version', async () => {
    type Index = { version: number; runs: { epochsDone: number }[] };
    const index = async (): Promise<Index> => JSON.parse((await rawGet(server.port, '/data/index.json')).body) as Index;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(600);
    const before = await index();
    // Let the refresh this request started finish before the run changes.
    await pause(600);
    appendFileSync(join(base, 'runs', 'a', 'epochs.jsonl'), '{"epoch":3,"top1":0.81}\n');
    await pause(600);
    // This answer is the catalog before the change; the refresh it starts finds the new epoch.
    expect((await index()).runs[0].epochsDone).toBe(before.runs[0].epochsDone);
    await pause(600);
    const after = await index();
    expect(after.runs[0].epochsDone).toBe(before.runs[0].epochsDone + 1);
    expect(after.version).toBeGreaterThan(before.version);
    const hello = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events' }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          const match = /event: hello\ndata: (.*)\n\n/.exec(text);
          if (match) {
            req.destroy();
            resolve(match[1]);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(hello)).toEqual({ version: after.version });
  });

  it('refuses a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServer({ roots: [join(base, 'runs')], port, host: '127.0.0.1', pageDir: `${join(base, 'page')}/` })).rejects.toThrow(PortInUseError);
      await expect(startServer({ roots: [join(base, 'runs')], port, host: '127.0.0.1', pageDir: `${join(base, 'page')}/` })).rejects.toThrow(/choose another with --port/);
    } finally {
      blocker.close();
    }
  });
});
