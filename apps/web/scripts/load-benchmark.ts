/**
 * How long the page takes to show the runs table over a folder of 500 runs (a benchmark, not a
 * test: its number depends on the machine). Generates the runs (30 epochs each, the fields the
 * trainer writes), starts the server as `signflow serve` does, and opens the page in Chromium
 * repeatedly: the time from navigation to the filled table (`signflow:ready` mark), with an empty
 * cache and with a warm one.
 *
 *   npm run bench:load -w @signflow/web [-- RUNS]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, PAGE_DIR } from '../e2e/browser.js';
import { startServer } from '@signflow/dashboard';

const RUNS = Number(process.argv[2] ?? 500);
const EPOCHS = 30;
const REPEATS = 7;

function writeRuns(root: string): void {
  const estimators = ['reste', 'ste', 'dorefa', 'ede', 'rbnn'];
  for (let i = 0; i < RUNS; i++) {
    const dir = join(root, `20260101-${String(i).padStart(6, '0')}-resnet20-${estimators[i % 5]}-1w1a`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ estimator: estimators[i % 5], backbone: 'resnet20', bits: '1/1', dataset: 'cifar10', epochs: EPOCHS, lr: 0.1, seed: i }, null, 2));
    const lines = Array.from({ length: EPOCHS }, (_, e) =>
      JSON.stringify({ epoch: e, loss: 2 / (e + 1), trainTop1: 0.5 + e / 100, testLoss: 2.1 / (e + 1), top1: 0.4 + e / 100, top5: 0.9, lr: 0.1, o: 1 + e / 15, estimatingError: 1, gradientInstability: 1e-6, flipRatio: 0.01, seconds: 60, imagesPerSecond: 800 + i, backend: 'native' }),
    );
    writeFileSync(join(dir, 'epochs.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'run.log'), 'done\n');
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ status: 'completed' }));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const base = join(tmpdir(), `signflow-load-${process.pid}`);
const root = join(base, 'runs');
writeRuns(root);
const started = performance.now();
const server = await startServer({ roots: [root], port: 0, host: '127.0.0.1', pageDir: PAGE_DIR });
console.log(`${RUNS} runs read by the server in ${(performance.now() - started).toFixed(0)} ms`);
const browser = await launchBrowser();
try {
  const timings: { cold: boolean; ms: number }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const page = await browser.context.newPage();
    // The first page of a fresh profile has an empty cache; later pages reuse the cached scripts.
    await page.goto(`${server.url}#/runs`);
    await page.locator('[data-ready]').waitFor({ state: 'attached' });
    const rows = await page.locator('tbody tr[data-run-id]').count();
    if (rows !== RUNS) throw new Error(`the table shows ${rows} rows, expected ${RUNS}`);
    const ms = await page.evaluate(() => performance.getEntriesByName('signflow:ready')[0].startTime);
    timings.push({ cold: i === 0, ms });
    await page.close();
  }
  const warm = timings.filter((t) => !t.cold).map((t) => t.ms);
  console.log(`navigation to the filled table of ${RUNS} runs: first load (empty cache) ${timings[0].ms.toFixed(0)} ms; reloads: median ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}) over ${warm.length}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(base, { recursive: true, force: true });
}
