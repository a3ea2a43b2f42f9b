import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { LOCK_FILE } from '@signflow/durable';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchRunner } from '../src/bench/bench-runner.js';
import type { ResultLine } from '../src/bench/results.js';
import { createAppContainer } from '../src/container/app-container.js';
import { gridQueueName, QUEUE_PREFIX } from '../src/queue/queue-names.js';
import { readGridSpec, stableHash, validateGridSpec } from '../src/bench/grid-spec.js';
import { runCli, startCli, waitFor } from './cli-helpers.js';
import { DEMO_PLUGIN, userProject } from './plugin-project.js';
import { hasRedisServer, makeCertificates, PrivateRedis, requireRedis, TEST_REDIS_URL_ENV } from './redis-helpers.js';

/**
 * The queue end to end: `signflow bench --queue` and `signflow worker` processes on a real Redis
 * (the one `.ci/run` starts, or a private redis-server when only the binary is installed), with
 * tiny MLP runs. Each test uses its own Redis database, so a failing test leaves nothing for the
 * next one.
 */
const sharedUrl = process.env[TEST_REDIS_URL_ENV];
const serverInstalled = hasRedisServer();
const canRun = requireRedis('the queue tests', sharedUrl !== undefined || serverInstalled, `${TEST_REDIS_URL_ENV} is not set and redis-server is not installed (.ci/run installs and starts it)`);
/** The outage, password and TLS tests stop and start a redis-server of their own. */
const canStartServers = canRun && requireRedis('the Redis outage, password and TLS tests', serverInstalled, 'redis-server is not installed');

/** Two epochs of four steps: a cell lasts a few seconds and has a checkpoint to resume from half-way. */
const TINY = { backbone: 'mlp', dataset: 'mnist', epochs: 2, batchSize: 64, limitTrain: 256, limitTest: 128, backend: 'wasm' };
/** Dead workers are noticed after this long (30 s by default); long enough for a loaded machine's slowest step. */
const STALLED = ['--stalled-seconds', '8'];
/** The numbers a result line records (times and paths differ between runs). */
const NUMBERS = ['bestTop1', 'bestTop5', 'bestEpoch', 'lastTop1', 'lastTop5', 'meanEstimatingError', 'totalGradientInstability'] as const;

describe.skipIf(!canRun)('signflow bench --queue and signflow worker', () => {
  let server: PrivateRedis | undefined;
  let baseUrl = sharedUrl ?? '';

  beforeAll(async () => {
    if (sharedUrl !== undefined) return;
    server = await PrivateRedis.start();
    baseUrl = `redis://127.0.0.1:${server.port}`;
  });
  afterAll(async () => server?.stop());

  /** The URL of database `db` of the test Redis, emptied first. */
  async function database(db: number): Promise<string> {
    const url = new URL(baseUrl);
    url.pathname = `/${db}`;
    const client = new Redis(url.href);
    await client.flushdb();
    client.disconnect();
    return url.href;
  }

  it('runs a 2×2 grid on two workers, one killed mid-cell: its lock taken over, every cell once, the numbers of a local bench; re-submitting adds nothing', async () => {
    const url = await database(1);
    const dir = mkdtempSync(join(tmpdir(), 'signflow-queue-kill-'));
    const spec = grid({ oEnd: [2, 3], bits: ['1/1', '1/32'] });
    const file = writeGrid(dir, spec);
    const out = join(dir, 'out');
    const workerArgs = ['worker', '--queue', url, '--grid', file, '--runs-dir', join(out, 'runs'), ...STALLED];
    // Worker A kills itself (kill -9) after its 6th step: in the second epoch of its first cell, after that cell's first checkpoint.
    const workerA = startCli(workerArgs, undefined, { SIGNFLOW_FAULT: 'kill@step:6' });
    const bench = startCli(['bench', file, '--queue', url, '--out', out]);
    await waitFor(workerA.output, (text) => /taken by/.test(text));
    const workerB = startCli(workerArgs);
    const local = createAppContainer().resolve(BenchRunner).run(validateGridSpec(spec), { out: join(dir, 'local'), log: devNull() });
    try {
      const killed = await workerA.done;
      expect(killed.signal).toBe('SIGKILL');
      // As if worker A had run on another machine sharing the runs folder: its lock names a host
      // where no pid can be checked, and only the queue can tell that its holder is gone.
      const [, lostHash] = /running \((\w+)\)(?![\s\S]*running \()/.exec(killed.stdout) ?? [];
      const lockPath = join(out, 'runs', lostHash, LOCK_FILE);
      writeFileSync(lockPath, JSON.stringify({ ...JSON.parse(readFileSync(lockPath, 'utf8')), host: 'another-machine' }));
      const submitted = await bench.done;
      expect(submitted.code, submitted.stdout + submitted.stderr).toBe(0);
      expect(submitted.stdout).toMatch(/its worker stopped answering; the cell is back in the queue/);
      expect(workerB.output()).toMatch(/took over the lock of .* from another-machine:\d+, a worker the queue found dead/);
      const results = readResults(join(out, 'results.jsonl'));
      expect(results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
      expect(new Set(results.map((r) => r.hash)).size).toBe(4);
      // The killed cell resumed from the checkpoint worker A left in the shared runs folder.
      const logs = readdirSync(join(out, 'runs')).map((hash) => readFileSync(join(out, 'runs', hash, 'run.log'), 'utf8'));
      expect(logs.some((log) => /Resuming .* at epoch 2/.test(log))).toBe(true);
      await local;
      expect(numbersByHash(results)).toEqual(numbersByHash(readResults(join(dir, 'local', 'results.jsonl'))));
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/4 of 4 runs complete/);

      // Submitting again, to a new folder, adds no job: the results come back from the completed jobs.
      const again = await runCli(['bench', file, '--queue', url, '--out', join(dir, 'again')]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/0 cells enqueued, 0 failed cells queued again, 4 already in the queue/);
      expect(numbersByHash(readResults(join(dir, 'again', 'results.jsonl')))).toEqual(numbersByHash(results));
      expect(await jobCounts(url, file)).toMatchObject({ completed: 4, waiting: 0, active: 0, failed: 0 });
    } finally {
      workerB.child.kill('SIGINT');
      expect((await workerB.done).code).toBe(0);
    }
  });

  it('fails a diverging cell at its first attempt and a plugin cell on a worker without the plugin, and completes the rest', async () => {
    const url = await database(2);
    const dir = mkdtempSync(join(tmpdir(), 'signflow-queue-fail-'));
    const diverging = writeGrid(dir, grid({ lr: [0.05, 1e38] }, { epochs: 1 }));
    const project = userProject(DEMO_PLUGIN);
    const plugin = writeGrid(project, grid({ estimator: ['demo-sign'] }, { epochs: 1, plugins: ['signflow-estimator-demo'] }));
    // The worker runs in a folder where the plugin package is not installed.
    const elsewhere = mkdtempSync(join(tmpdir(), 'signflow-no-plugin-'));
    const worker = startCli(['worker', '--queue', url, '--all-grids', '--runs-dir', join(dir, 'runs'), ...STALLED], elsewhere);
    try {
      const [lr, missing] = await Promise.all([
        runCli(['bench', diverging, '--queue', url, '--out', join(dir, 'lr'), '--attempts', '3']),
        runCli(['bench', plugin, '--queue', url, '--out', join(project, 'out'), '--attempts', '1'], project),
      ]);
      expect(lr.code, lr.stderr).toBe(1);
      const lines = readResults(join(dir, 'lr', 'results.jsonl'));
      expect(lines.map((l) => l.status).sort()).toEqual(['completed', 'failed']);
      const failed = lines.find((l) => l.status === 'failed');
      expect(failed?.error).toMatch(/the loss became/i);
      expect(lr.stdout).toMatch(/failed: Training diverged: the loss became/);
      // A configuration failure takes one attempt of the three allowed.
      const job = await jobOf(url, diverging, failed?.hash ?? '');
      expect(job).toMatchObject({ attemptsMade: 1, failedReason: expect.stringMatching(/the loss became/i) });

      expect(missing.code, missing.stderr).toBe(1);
      const [pluginLine] = readResults(join(project, 'out', 'results.jsonl'));
      expect(pluginLine.error).toMatch(/cannot load the plugin package 'signflow-estimator-demo', which the cell's estimator 'demo-sign' comes from: Cannot find the plugin package/);
      expect(worker.child.exitCode).toBeNull();
    } finally {
      worker.child.kill('SIGINT');
      expect((await worker.done).code).toBe(0);
    }
  });

  it("keeps grids apart, gives a stopped worker's cell back to the queue, and --all-grids takes every grid with two processes", async () => {
    const url = await database(3);
    const dir = mkdtempSync(join(tmpdir(), 'signflow-queue-grids-'));
    const first = writeGrid(dir, grid({ seed: [1] }), 'first.json');
    const second = writeGrid(dir, grid({ seed: [2] }, { epochs: 1 }), 'second.json');
    const outOf = (file: string) => file.replace(/\.json$/, '-out');
    const detached = await Promise.all([first, second].map((file) => runCli(['bench', file, '--queue', url, '--out', outOf(file), '--detach'])));
    for (const result of detached) expect(result.code, result.stderr).toBe(0);
    const unnamed = runCli(['worker', '--queue', url]);

    const runs = join(dir, 'runs');
    const stopped = startCli(['worker', '--queue', url, '--grid', first, '--runs-dir', runs, ...STALLED]);
    // Without --grid, a worker refuses to choose between two grids.
    const refused = await unnamed;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Several grids on this Redis have cells left; choose one with --grid HASH, or take them all with --all-grids/);
    await waitFor(stopped.output, (text) => /epoch 1\/2/.test(text));
    stopped.child.kill('SIGINT');
    const stop = await stopped.done;
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/stopped; back in the queue, to resume from its checkpoint/);
    expect(await jobCounts(url, first)).toMatchObject({ waiting: 1, active: 0, completed: 0 });
    // The other grid's cell was never touched.
    expect(await jobCounts(url, second)).toMatchObject({ waiting: 1, active: 0, completed: 0 });

    // Two worker processes (--concurrency 2) serving every grid.
    const all = startCli(['worker', '--queue', url, '--all-grids', '--concurrency', '2', '--runs-dir', runs, ...STALLED]);
    try {
      const attached = await Promise.all([first, second].map((file) => runCli(['bench', file, '--queue', url, '--out', outOf(file), '--attach'])));
      for (const [i, file] of [first, second].entries()) {
        expect(attached[i].code, attached[i].stderr).toBe(0);
        expect(readResults(join(outOf(file), 'results.jsonl')).map((r) => r.status)).toEqual(['completed']);
      }
      // The stopped cell went on from its checkpoint.
      const resumed = readdirSync(runs).filter((hash) => /Resuming .* at epoch 2/.test(readFileSync(join(runs, hash, 'run.log'), 'utf8')));
      expect(resumed).toHaveLength(1);
    } finally {
      all.child.kill('SIGINT');
      const ended = await all.done;
      expect(ended.code).toBe(0);
      expect(ended.stdout.match(/Worker \S+ stopped\./g)).toHaveLength(2);
    }
  });

  it.skipIf(!canStartServers)('rides out Redis going away mid-grid, with a password from the URL and from SIGNFLOW_REDIS_URL', async () => {
    const redis = await PrivateRedis.start({ password: 's3cret' });
    try {
      const url = `redis://:s3cret@127.0.0.1:${redis.port}`;
      const dir = mkdtempSync(join(tmpdir(), 'signflow-queue-outage-'));
      const file = writeGrid(dir, grid({ seed: [1, 2] }));
      const wrong = await runCli(['bench', file, '--queue', `redis://:nope@127.0.0.1:${redis.port}`, '--out', join(dir, 'wrong')]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/refused the credentials/);
      expect(wrong.stderr).not.toMatch(/nope|\n\s+at /);

      const worker = startCli(['worker', '--grid', file, '--runs-dir', join(dir, 'runs'), '--stalled-seconds', '15'], undefined, { SIGNFLOW_REDIS_URL: url });
      try {
        const bench = startCli(['bench', file, '--queue', url, '--out', join(dir, 'out')]);
        await waitFor(bench.output, (text) => /epoch 1\/2/.test(text));
        await redis.stop();
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await redis.start();
        const done = await bench.done;
        expect(done.code, done.stdout + done.stderr).toBe(0);
        expect(done.stdout).toMatch(/Lost the connection to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ .*reconnecting/);
        expect(done.stdout).toMatch(/Reconnected to Redis/);
        expect(done.stdout).not.toMatch(/s3cret/);
        const results = readResults(join(dir, 'out', 'results.jsonl'));
        expect(results.map((r) => r.status)).toEqual(['completed', 'completed']);
        expect(new Set(results.map((r) => r.hash)).size).toBe(2);
        expect(worker.output()).toMatch(/Reconnected to Redis/);
      } finally {
        worker.child.kill('SIGINT');
        expect((await worker.done).code).toBe(0);
      }
    } finally {
      await redis.stop();
    }
  });

  it.skipIf(!canStartServers)('submits over TLS (rediss://) with a private certificate authority, and refuses to attach to a grid never submitted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signflow-queue-tls-'));
    const certificates = makeCertificates(dir);
    if (certificates === undefined) {
      if (process.env['CI']) throw new Error('the TLS test needs the openssl command and CI is set');
      process.stderr.write('Skipping the TLS test: openssl is not installed.\n');
      return;
    }
    const redis = await PrivateRedis.start({ password: 'tls-pass', tls: certificates });
    try {
      const file = writeGrid(dir, grid({ seed: [1] }));
      const url = `rediss://:tls-pass@localhost:${redis.port}`;
      const untrusted = await runCli(['bench', file, '--queue', url, '--out', join(dir, 'out'), '--detach']);
      expect(untrusted.code).toBe(2);
      expect(untrusted.stderr).toMatch(/Cannot verify the TLS certificate .*NODE_EXTRA_CA_CERTS/);
      const trust = { NODE_EXTRA_CA_CERTS: certificates.ca };
      const early = await runCli(['bench', file, '--queue', url, '--out', join(dir, 'out'), '--attach'], undefined, trust);
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/None of the cells of grid 'queue test grid' \(\w+\) is in the queue at rediss:\/\/:\*\*\*@localhost:\d+: submit the grid first/);
      const trusted = await runCli(['bench', file, '--queue', url, '--out', join(dir, 'out'), '--detach'], undefined, trust);
      expect(trusted.code, trusted.stderr).toBe(0);
      expect(trusted.stdout).toMatch(/on rediss:\/\/:\*\*\*@localhost:\d+, queue signflow:grid-\w+: 1 cells enqueued/);
    } finally {
      await redis.stop();
    }
  });
});

/** A test grid; its description makes its hash, and so its queue, unique. */
function grid(axes: Record<string, unknown[]>, settings: Record<string, unknown> = {}) {
  return { name: 'queue test grid', description: randomUUID(), axes, settings: { ...TINY, ...settings } };
}

function writeGrid(dir: string, spec: unknown, name = 'grid.json'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

function readResults(path: string): ResultLine[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ResultLine);
}

function numbersByHash(results: readonly ResultLine[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(results.map((r) => [r.hash, Object.fromEntries(NUMBERS.map((k) => [k, r[k]]))]));
}

/** The grid file's queue, read with BullMQ. */
async function withQueue<T>(url: string, file: string, use: (queue: Queue) => Promise<T>): Promise<T> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(gridQueueName(stableHash(readGridSpec(file))), { connection, prefix: QUEUE_PREFIX });
  try {
    return await use(queue);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

function jobCounts(url: string, file: string): Promise<Record<string, number>> {
  return withQueue(url, file, (queue) => queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed'));
}

function jobOf(url: string, file: string, hash: string): Promise<{ attemptsMade: number; failedReason: string } | undefined> {
  return withQueue(url, file, async (queue) => {
    const job = await queue.getJob(hash);
    return job === undefined ? undefined : { attemptsMade: job.attemptsMade, failedReason: job.failedReason };
  });
}

function devNull(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}
