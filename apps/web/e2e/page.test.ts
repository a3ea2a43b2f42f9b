import { appendFileSync, copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@signflow/dashboard';
import { browserProblem, launchBrowser, PAGE_DIR } from './browser.js';
import { createFixture, type PageFixture } from './fixture.js';

/** Screenshots of each page land here (the test output); with SIGNFLOW_DOC_IMAGES=1 also in docs/images/ for the README. */
const SHOTS = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));
const DOC_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

const problem = browserProblem();
if (problem !== undefined && !process.env.CI) console.warn(`\n*** Browser tests SKIPPED: ${problem}. In CI they fail instead. ***\n`);

/** ReSTE's pseudo-gradient for m < |x| <= t, written out here independently of the estimator package: (1/o)|x|^((1−o)/o). */
function resteGradient(x: number, o: number): number {
  return (1 / o) * Math.abs(x) ** ((1 - o) / o);
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.SIGNFLOW_DOC_IMAGES) copyFileSync(path, join(DOC_IMAGES, `web-${name}.png`));
}

async function probe(page: Page, name: string): Promise<string> {
  return (await page.locator(`output[data-probe="${name}"]`).textContent()) ?? '';
}

describe.skipIf(problem !== undefined && !process.env.CI)('the page in Chromium', () => {
  let base: string;
  let fixture: PageFixture;
  let server: RunningServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (problem !== undefined) throw new Error(`The browser tests cannot run: ${problem}.`);
    base = join(tmpdir(), `signflow-web-e2e-${process.pid}`);
    rmSync(base, { recursive: true, force: true });
    fixture = await createFixture(base);
    server = await startServer({ roots: [fixture.root], port: 0, host: '127.0.0.1', pageDir: PAGE_DIR, pollMs: 200 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (base !== undefined) rmSync(base, { recursive: true, force: true });
  });

  it('shows the runs table, and the curves of two selected runs', async () => {
    await page.goto(`${server.url}#/runs`);
    await page.locator('[data-ready]').waitFor({ state: 'attached' });
    // Two trained runs, the corrupt one, the running one, and the six runs of the benchmark.
    await expect.poll(() => page.locator('tbody tr[data-run-id]').count()).toBe(10);
    await page.locator(`tr[data-run-id="${fixture.mnist}"] input[type=checkbox]`).check();
    await page.locator(`tr[data-run-id="${fixture.ste}"] input[type=checkbox]`).check();
    const loss = page.locator('[data-chart="loss"]');
    const mnistLabel = fixture.mnist.slice('runs~'.length);
    const steLabel = fixture.ste.slice('runs~'.length);
    await expect.poll(() => loss.locator('.role-legend-label text').allTextContents()).toEqual([`${mnistLabel}: train`, `${mnistLabel}: test`, `${steLabel}: train`, `${steLabel}: test`]);
    // One line per run and series; the 1-epoch run is drawn as points (1 + 3 epochs, train and test).
    expect(await loss.locator('path[aria-roledescription="line mark"]').count()).toBe(4);
    expect(await loss.locator('path[aria-roledescription="point"]').count()).toBe(8);
    expect(await page.locator('[data-chart="accuracy"] svg.marks').count()).toBe(1);
    // The selection is in the address, so the view can be bookmarked.
    expect(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('select')).toBe(`${fixture.mnist},${fixture.ste}`);
    await shoot(page, 'runs');
  });

  it('shows a run with a corrupt epoch log as an error row, the other runs as usual', async () => {
    const errorRow = page.locator(`tr.error-row[data-error-for="${fixture.corrupt}"]`);
    await expect.poll(() => errorRow.textContent()).toMatch(/epochs\.jsonl:2: not valid JSON/);
    expect(await page.locator(`tr[data-run-id="${fixture.corrupt}"] td.col-status`).textContent()).toBe('error');
    expect(await page.locator(`tr[data-run-id="${fixture.mnist}"] td.col-status`).textContent()).toBe('complete');
  });

  it('follows a running run as its epochs arrive', async () => {
    const epochs = page.locator(`tr[data-run-id="${fixture.running}"] td.col-epochs`);
    expect(await epochs.textContent()).toBe('1 / 5');
    await page.locator(`tr[data-run-id="${fixture.running}"] input[type=checkbox]`).check();
    const points = page.locator('[data-chart="loss"] path[aria-roledescription="point"]');
    await expect.poll(() => points.count()).toBe(10);
    appendFileSync(join(fixture.runningDir, 'epochs.jsonl'), '{"epoch":1,"loss":1.5,"testLoss":1.6,"top1":0.5}\n');
    await expect.poll(() => epochs.textContent(), { timeout: 10_000 }).toBe('2 / 5');
    await expect.poll(() => points.count(), { timeout: 10_000 }).toBe(12);
  });

  it("plots ReSTE's pseudo-gradient from the package, changing with o as the formula says", async () => {
    await page.goto(`${server.url}#/estimators?id=reste`);
    await expect.poll(() => probe(page, 'setting')).toBe('o = 1, t = 1.5, m = 0.1');
    expect(Number(await probe(page, 'gradient'))).toBeCloseTo(resteGradient(0.5, 1), 5);
    await page.locator('input[name="o"]').fill('3');
    await page.locator('input[name="o"]').press('Enter');
    await expect.poll(() => probe(page, 'setting')).toBe('o = 3, t = 1.5, m = 0.1');
    expect(Number(await probe(page, 'gradient'))).toBeCloseTo(resteGradient(0.5, 3), 5);
    expect(resteGradient(0.5, 3)).not.toBeCloseTo(resteGradient(0.5, 1), 2);
    await page.locator('input[aria-label="o slider"]').fill('7.5');
    await expect.poll(() => probe(page, 'setting')).toBe('o = 7.5, t = 1.5, m = 0.1');
    expect(Number(await probe(page, 'gradient'))).toBeCloseTo(resteGradient(0.5, 7.5), 5);
    // Outside the clip threshold t the pseudo-gradient is 0.
    await page.locator('input[aria-label="x of the readout"]').fill('1.8');
    await expect.poll(() => probe(page, 'gradient')).toBe('0');
    await page.locator('input[aria-label="x of the readout"]').fill('0.5');
    await page.locator('input[name="o"]').fill('3');
    await page.locator('input[name="o"]').press('Enter');
    await expect.poll(() => probe(page, 'setting')).toBe('o = 3, t = 1.5, m = 0.1');
    await page.locator('[data-chart="schedules"] svg.marks').waitFor();
    await shoot(page, 'estimators');
  });

  it('runs the trained MNIST model in the browser on a drawn "1"', async () => {
    await page.goto(`${server.url}#/try?run=${fixture.mnist}`);
    const canvas = page.locator('canvas.draw');
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    if (box === null) throw new Error('the drawing canvas has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.18);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.82, { steps: 20 });
    await page.mouse.up();
    const top = page.locator('[data-top-class]');
    await top.waitFor();
    expect(await top.getAttribute('data-top-class')).toBe('1');
    const probabilities = await page.locator('ol.predictions .probability').allTextContents();
    expect(probabilities).toHaveLength(5);
    const sum = probabilities.reduce((s, p) => s + Number(p.replace(' %', '')), 0);
    expect(sum).toBeGreaterThan(50);
    expect(sum).toBeLessThanOrEqual(100.3);
    await shoot(page, 'try');
  });

  it('runs the packed export of that model with the WebAssembly engine on a drawn "1"', async () => {
    await page.goto(`${server.url}#/try?model=packed:${fixture.packed}`);
    await expect.poll(() => page.locator('.model-status').textContent()).toMatch(/packed export \(WebAssembly engine\): .*wasm engine/);
    const canvas = page.locator('canvas.draw');
    const box = await canvas.boundingBox();
    if (box === null) throw new Error('the drawing canvas has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.18);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.82, { steps: 20 });
    await page.mouse.up();
    const top = page.locator('[data-top-class]');
    await top.waitFor();
    expect(await top.getAttribute('data-top-class')).toBe('1');
    expect(await page.locator('ol.predictions li').count()).toBe(5);
  });

  it("shows a benchmark's results per setting, mean ± std over seeds, and its plot", async () => {
    await page.goto(`${server.url}#/benchmarks`);
    const rows = page.locator('.bench-table tbody tr');
    await rows.first().waitFor();
    // o_end is ReSTE's setting: the STE's runs have no such axis value (the grid runs them once per seed).
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['reste, oEnd=1', 'reste, oEnd=3', 'ste']);
    for (const cell of await rows.locator('td:nth-child(2)').allTextContents()) expect(cell).toMatch(/^\d+\.\d\d ± \d+\.\d\d \(n = 2\)$/);
    // The plot: ReSTE's best top-1 through o_end = 1 and 3, with its spread over the seeds.
    await expect.poll(() => page.locator('[data-chart="bench"] .role-legend-label text').allTextContents()).toEqual(['mlp: reste']);
    expect(await page.locator('[data-chart="bench"] path[aria-roledescription="point"]').count()).toBe(2);
    await page.locator('[data-chart="bench"] svg.marks').waitFor();
    await shoot(page, 'benchmarks');
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
    expect(readdirSync(SHOTS).sort()).toEqual(['benchmarks.png', 'estimators.png', 'runs.png', 'try.png']);
  });
});
