import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCheckpoint as checkpoint } from './fault-points.js';
import { signflow, snapshot } from './in-process.js';

/**
 * The malformed-input corpus: each case is a command a user might run with something wrong in it.
 * Every one must exit with the code the CLI documents (2 for bad input and expected failures),
 * print one message that names the problem and no stack trace, and leave every file that existed
 * before exactly as it was (no run directory for input refused up front).
 */

const root = mkdtempSync(join(tmpdir(), 'signflow-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TINY = ['--backbone', 'mlp', '--dataset', 'mnist', '--limit-train', '64', '--limit-test', '32', '--batch-size', '32', '--epochs', '1', '--backend', 'cpu'];

/** A finished run to damage: created once, copied for each case. */
let goodRun = '';

beforeAll(async () => {
  const result = await signflow(['train', ...TINY, '--out', join(root, 'good')]);
  expect(result.code, result.stderr).toBe(0);
  goodRun = join(root, 'good', readdirSync(join(root, 'good'))[0]);
});

/** A folder for one case, with a copy of the good run at `run/` when asked. */
function workspace(name: string, withRun: boolean): string {
  const dir = join(root, 'cases', name.replace(/[^a-zA-Z0-9]+/g, '-'));
  mkdirSync(dir, { recursive: true });
  if (withRun) cpSync(goodRun, join(dir, 'run'), { recursive: true });
  return dir;
}


const png = (width: number, height: number, colorType: 0 | 2 | 6 = 2) => {
  const image = new pngjs.PNG({ width, height });
  image.data.fill(128);
  return pngjs.PNG.sync.write(image, { colorType });
};

const GRID = { name: 'g', axes: { oEnd: [2] }, settings: { backbone: 'mlp', dataset: 'mnist', limitTrain: 64, limitTest: 32, epochs: 1 } };

interface Case {
  readonly name: string;
  /** Builds the case's files; returns the arguments (may refer to the workspace). */
  readonly setup: (dir: string) => string[];
  readonly message: RegExp;
  readonly code?: number;
  /** Environment variables for the command, given the workspace. */
  readonly env?: (dir: string) => Record<string, string>;
  /** Put a copy of a finished run at `run/` in the workspace. */
  readonly withRun?: boolean;
}

const cases: Case[] = [
  // Flags
  { name: 'a word for a number', setup: (d) => ['train', '--epochs', 'abc', '--out', d], message: /--epochs abc: expected a number/ },
  { name: 'an absurd number of epochs', setup: (d) => ['train', '--epochs', '1e12', '--out', d], message: /epochs: .*<=100000.*\(got 1000000000000\)/ },
  { name: 'a batch of zero', setup: (d) => ['train', '--batch-size', '0', '--out', d], message: /batchSize: .*\(got 0\)/ },
  { name: 'a negative learning rate', setup: (d) => ['train', '--lr=-1', '--out', d], message: /lr: .*\(got -1\)/ },
  { name: 'an unknown bit setting', setup: (d) => ['train', '--bits', '2/2', '--out', d], message: /bits: .*\(got "2\/2"\)/ },
  { name: 'an unknown backend', setup: (d) => ['train', '--backend', 'gpu', '--out', d], message: /backend: .*\(got "gpu"\)/ },
  { name: 'an unknown flag', setup: (d) => ['train', '--frobnicate', '--out', d], message: /Unknown option '--frobnicate'/ },
  { name: 'an unknown estimator', setup: (d) => ['train', '--estimator', 'resteX', '--out', d], message: /Unknown estimator 'resteX'. Known estimators: .*reste/ },
  { name: 'an unknown backbone', setup: (d) => ['train', '--backbone', 'resnet21', '--out', d], message: /Unknown backbone 'resnet21'. Known backbones:/ },
  { name: 'a missing dataset folder', setup: (d) => ['train', ...TINY, '--dataset', join(d, 'nowhere'), '--out', d], message: /nowhere.*neither a dataset name/ },
  { name: 'o_end below 1', setup: (d) => ['train', '--o-end', '0.5', '--out', d], message: /o \(schedule end\) = 0.5 is out of range/ },
  { name: 'an unknown schedule shape', setup: (d) => ['train', '--o-schedule', 'sigmoid', '--out', d], message: /oSchedule \(--o-schedule\): must be one of/ },
  { name: 'a malformed schedule', setup: (d) => ['train', '--schedule', 'o=cosine:3', '--out', d], message: /'cosine:3' is not a schedule/ },
  { name: "another estimator's setting", setup: (d) => ['train', '--estimator', 'ste', '--o-end', '3', '--out', d], message: /setting of the estimator reste, but this run uses 'ste'/ },
  { name: 'a hyper-parameter that is not a number', setup: (d) => ['train', '--hyper', 'o=abc', '--out', d], message: /Invalid estimator settings for 'reste'/ },
  { name: 'an unknown command', setup: () => ['trian'], message: /Unknown command 'trian'/ },
  // Output places
  { name: '--out naming a file', setup: (d) => (writeFileSync(join(d, 'file'), 'x'), ['train', ...TINY, '--out', join(d, 'file')]), message: /cannot use .*file.*ENOTDIR|EEXIST/ },
  // Config files
  { name: 'a config that is not JSON', setup: (d) => (writeFileSync(join(d, 'c.json'), '{ "epochs": 3,, }'), ['train', '--config', join(d, 'c.json'), '--out', d]), message: /is not valid JSON/ },
  { name: 'a config with an unknown key', setup: (d) => (writeFileSync(join(d, 'c.json'), '{"epochz": 3}'), ['train', '--config', join(d, 'c.json'), '--out', d]), message: /epochz/ },
  { name: 'a config that is a list', setup: (d) => (writeFileSync(join(d, 'c.json'), '[1]'), ['train', '--config', join(d, 'c.json'), '--out', d]), message: /must hold a JSON object/ },
  { name: 'a missing config', setup: (d) => ['train', '--config', join(d, 'missing.json'), '--out', d], message: /Cannot read the config file/ },
  {
    name: 'a bad estimatorConfig in a config',
    setup: (d) => (writeFileSync(join(d, 'c.json'), JSON.stringify({ ...tinyConfig(), estimatorConfig: { o: -1 } })), ['train', '--config', join(d, 'c.json'), '--out', d]),
    message: /Invalid estimator settings for 'reste' \{"o":-1\}/,
  },
  {
    name: 'bad backboneOptions in a config',
    setup: (d) => (writeFileSync(join(d, 'c.json'), JSON.stringify({ ...tinyConfig(), backboneOptions: { hidden: [0] } })), ['train', '--config', join(d, 'c.json'), '--out', d]),
    message: /The backbone 'mlp' cannot be built .*hidden = \[0\] must be a non-empty list of positive integers/,
  },
  {
    name: 'a misspelt backbone option',
    setup: (d) => (writeFileSync(join(d, 'c.json'), JSON.stringify({ ...tinyConfig(), backboneOptions: { hiden: [64] } })), ['train', '--config', join(d, 'c.json'), '--out', d]),
    message: /backboneOptions 'hiden' is not an option of 'mlp'; its options: hidden/,
  },
  { name: 'a plugin package that does not exist', setup: (d) => ['train', '--plugin', '@someone/no-such-signflow-plugin', '--out', d], message: /Cannot find the plugin package '@someone\/no-such-signflow-plugin'/ },
  {
    name: 'a plugin package exporting no plugin',
    setup: (d) => {
      mkdirSync(join(d, 'plugin'));
      writeFileSync(join(d, 'plugin', 'package.json'), JSON.stringify({ name: 'p', type: 'module', exports: './index.js' }));
      writeFileSync(join(d, 'plugin', 'index.js'), 'export const plugin = { id: 42 };');
      return ['train', '--plugin', join(d, 'plugin'), '--out', d];
    },
    message: /exports no valid plugin/,
  },
  // Grids
  { name: 'a grid that is not JSON', setup: (d) => (writeFileSync(join(d, 'g.json'), '{'), ['bench', join(d, 'g.json'), '--out', join(d, 'out')]), message: /Cannot read the grid file/ },
  { name: 'a grid with an unknown axis', setup: (d) => (writeFileSync(join(d, 'g.json'), JSON.stringify({ ...GRID, axes: { colour: ['red'] } })), ['bench', join(d, 'g.json'), '--out', join(d, 'out')]), message: /Unknown axis 'colour'/ },
  { name: 'a grid with an empty axis', setup: (d) => (writeFileSync(join(d, 'g.json'), JSON.stringify({ ...GRID, axes: { oEnd: [] } })), ['bench', join(d, 'g.json'), '--out', join(d, 'out')]), message: /an axis needs at least one value/ },
  {
    name: 'a grid include of the wrong type',
    setup: (d) => (writeFileSync(join(d, 'g.json'), JSON.stringify({ ...GRID, include: [{ epochs: 'two' }] })), ['bench', join(d, 'g.json'), '--out', join(d, 'out')]),
    message: /In the grid cell \{"epochs":"two"\}: Invalid settings in the grid cell:\n {2}epochs: .*\(got "two"\)/,
  },
  { name: 'a grid include that is not a list', setup: (d) => (writeFileSync(join(d, 'g.json'), JSON.stringify({ ...GRID, include: 'all' })), ['bench', join(d, 'g.json'), '--out', join(d, 'out')]), message: /include: .*\(got "all"\)/ },
  { name: 'a grid too large', setup: (d) => (writeFileSync(join(d, 'g.json'), JSON.stringify({ ...GRID, axes: { seed: [1, 2, 3] } })), ['bench', join(d, 'g.json'), '--out', join(d, 'out'), '--max-runs', '2']), message: /expands to 3 runs, more than --max-runs 2/ },
  {
    name: "a bench folder holding another grid's results",
    setup: (d) => {
      writeFileSync(join(d, 'g.json'), JSON.stringify(GRID));
      mkdirSync(join(d, 'out'));
      writeFileSync(join(d, 'out', 'grid.json'), JSON.stringify({ hash: 'abc', spec: { name: 'other' } }));
      return ['bench', join(d, 'g.json'), '--out', join(d, 'out')];
    },
    message: /holds the results of another grid \('other'/,
  },
  // Data files
  {
    name: 'a truncated CIFAR-10 file',
    setup: (d) => {
      const dir = join(d, 'data', 'cifar10');
      mkdirSync(dir, { recursive: true });
      for (const f of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin', 'batches.meta.txt']) writeFileSync(join(dir, f), 'x');
      return ['train', '--backbone', 'resnet20', '--dataset', 'cifar10', '--epochs', '1', '--backend', 'cpu', '--out', d];
    },
    env: (d) => ({ SIGNFLOW_DATA: join(d, 'data') }),
    message: /cifar10.*(not|missing|expected|bytes)/i,
  },
  {
    name: 'an image folder without class folders',
    setup: (d) => (mkdirSync(join(d, 'images', 'train'), { recursive: true }), mkdirSync(join(d, 'images', 'test')), ['train', '--dataset', join(d, 'images'), '--backend', 'cpu', '--out', join(d, 'out')]),
    message: /images/,
  },
  {
    name: 'an image folder with a corrupt PNG',
    setup: (d) => {
      for (const split of ['train', 'test']) for (const cls of ['a', 'b']) {
        mkdirSync(join(d, 'images', split, cls), { recursive: true });
        writeFileSync(join(d, 'images', split, cls, '1.png'), png(8, 8));
      }
      writeFileSync(join(d, 'images', 'train', 'a', 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
      return ['train', '--dataset', join(d, 'images'), '--backend', 'cpu', '--out', join(d, 'out')];
    },
    message: /broken\.png/,
  },
  { name: 'an unknown fetch flag', setup: () => ['data', 'fetch', 'cifar10', '--bogus'], message: /Unknown option '--bogus'/ },
  { name: 'an unknown dataset to fetch', setup: () => ['data', 'fetch', 'imagenet'], message: /Unknown dataset 'imagenet' for fetch/ },
  // Run directories and checkpoints
  { name: 'resuming a folder that does not exist', setup: (d) => ['train', '--resume', join(d, 'nowhere')], message: /is not a signflow run directory/ },
  { name: 'resuming a folder without config.json', setup: (d) => (mkdirSync(join(d, 'empty')), ['train', '--resume', join(d, 'empty')]), message: /is not a signflow run directory \(no config.json\)/ },
  { name: 'resuming with a config.json that is not JSON', setup: (d) => (writeFileSync(join(d, 'run', 'config.json'), '{'), ['train', '--resume', join(d, 'run')]), message: /config.json is not valid JSON/, withRun: true },
  { name: 'resuming with extra flags', setup: (d) => ['train', '--resume', join(d, 'run'), '--epochs', '3'], message: /--resume continues a run with its own config.json; drop epochs/, withRun: true },
  {
    name: "resuming a checkpoint whose state.json says 'two'",
    setup: (d) => {
      const state = join(checkpoint(join(d, 'run')), 'state.json');
      writeFileSync(state, readFileSync(state, 'utf8').replace(/"epoch": \d+/, '"epoch": "two"'));
      return ['train', '--resume', join(d, 'run')];
    },
    message: /has no intact checkpoint to resume from:\n.*state.json (holds \d+ bytes|does not match its SHA-256)/,
    withRun: true,
  },
  {
    name: 'resuming a checkpoint with truncated weights',
    setup: (d) => (truncateSync(join(checkpoint(join(d, 'run')), 'weights.bin'), 100), ['train', '--resume', join(d, 'run')]),
    message: /weights.bin holds 100 bytes, \d+ expected/,
    withRun: true,
  },
  {
    name: 'resuming a checkpoint whose manifest is damaged',
    setup: (d) => (writeFileSync(join(checkpoint(join(d, 'run')), 'manifest.json'), '{"version": 1, "fil'), ['train', '--resume', join(d, 'run')]),
    message: /its manifest.json is unreadable/,
    withRun: true,
  },
  {
    name: 'resuming a run with a damaged epoch log line',
    setup: (d) => (writeFileSync(join(d, 'run', 'epochs.jsonl'), 'garbage\n'), ['train', '--resume', join(d, 'run')]),
    message: /epochs.jsonl, line 1, is damaged/,
    withRun: true,
  },
  {
    name: 'resuming a run another process holds',
    setup: (d) => {
      const sleeper = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
      sleeper.unref();
      writeFileSync(join(d, 'run', '.signflow.lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), startedAt: 'now', command: 'signflow train' }));
      sleepers.push(sleeper.pid as number);
      return ['train', '--resume', join(d, 'run')];
    },
    message: /is in use by process \d+ on .* \(signflow train/,
    withRun: true,
  },
  // Analysis commands
  { name: 'plotting a folder that does not exist', setup: (d) => ['plot', join(d, 'nowhere')], message: /holds no epochs.jsonl/ },
  { name: 'plotting an empty folder', setup: (d) => (mkdirSync(join(d, 'empty')), ['plot', join(d, 'empty')]), message: /empty holds no epochs.jsonl/ },
  { name: 'plotting a run with an empty log', setup: (d) => (writeFileSync(join(d, 'epochs.jsonl'), ''), ['plot', d]), message: /holds no epoch yet/ },
  { name: 'a summary with classes abc', setup: () => ['summary', '--backbone', 'mlp', '--classes', 'abc'], message: /--classes abc: expected a number/ },
  { name: 'a summary with a bad input shape', setup: () => ['summary', '--backbone', 'mlp', '--input', '3x3'], message: /--input 3x3: expected HxWxC/ },
  { name: 'estimator plots for epochs abc', setup: (d) => ['plot-estimators', '--epochs', 'abc', '--out', join(d, 'plots')], message: /--epochs abc: expected a number/ },
  { name: 'estimator plots of an unknown estimator', setup: (d) => ['plot-estimators', '--estimator', 'nope', '--out', join(d, 'plots')], message: /Unknown estimator 'nope'/ },
  // Deployment
  { name: 'exporting to an unknown format', setup: (d) => ['export', join(d, 'run'), '--format', 'tflite', '--out', join(d, 'x')], message: /--format tflite: expected one of/, withRun: true },
  { name: 'predicting on a file that is not an image', setup: (d) => (writeFileSync(join(d, 'a.txt'), 'hello'), ['predict', join(d, 'run'), join(d, 'a.txt')]), message: /a\.txt/, withRun: true },
  // Disk full (simulated at the first write)
  { name: 'a full disk', setup: (d) => ['train', ...TINY, '--out', join(d, 'out')], env: () => ({ SIGNFLOW_FAULT: 'enospc@1' }), message: /the disk is full \[ENOSPC\]/ },
];

const sleepers: number[] = [];
afterAll(() => {
  for (const pid of sleepers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function tinyConfig(): Record<string, unknown> {
  return { backbone: 'mlp', dataset: 'mnist', limitTrain: 64, limitTest: 32, batchSize: 32, epochs: 1, backend: 'cpu' };
}

describe('the malformed-input corpus', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: exit 2, one clear message, nothing changed', async (_name, c) => {
    const dir = workspace(c.name, c.withRun === true);
    const argv = c.setup(dir);
    const before = snapshot(dir);
    const result = await signflow(argv, c.env?.(dir) ?? {});
    expect(result.code, `${result.stderr}${result.stdout}`).toBe(c.code ?? 2);
    expect(result.stderr).toMatch(c.message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stderr).not.toMatch(/this is a bug/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a disk that fills up during a run', () => {
  it('stops with exit 2, keeps the last checkpoint intact, and resumes once there is room', async () => {
    if (process.getuid?.() !== 0) {
      if (process.env['CI']) throw new Error('this test mounts a tmpfs and needs root, which CI has');
      return;
    }
    const reference = join(root, 'disk-reference');
    expect((await signflow(['train', ...TINY, '--out', reference])).code).toBe(0);
    const oneEpoch = Number(execFileSync('du', ['-sb', reference], { encoding: 'utf8' }).split('\t')[0]);
    const mount = join(root, 'small-disk');
    mkdirSync(mount);
    // Room for the first epoch's files and less than a second checkpoint.
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil((oneEpoch + 400_000) / 4096) * 4096}`, 'tmpfs', mount]);
    try {
      const args = ['train', ...TINY.slice(0, TINY.indexOf('--epochs')), '--epochs', '3', '--backend', 'cpu', '--out', mount];
      const full = await signflow(args);
      expect(full.code, full.stderr).toBe(2);
      expect(full.stderr).toMatch(/the disk is full \[ENOSPC\]/);
      expect(full.stderr).not.toMatch(/\n\s+at /);
      const run = join(mount, readdirSync(mount)[0]);
      expect(readdirSync(run).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const kept = checkpoint(run);
      expect(readdirSync(kept)).toContain('manifest.json');
      execFileSync('mount', ['-o', 'remount,size=64m', mount]);
      const resumed = await signflow(['train', '--resume', run]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'))).toMatchObject({ status: 'completed', epochsDone: 3 });
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
