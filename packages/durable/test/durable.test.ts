import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  appendFileDurable,
  completeLines,
  faultPointsReached,
  stepFaultPoint,
  LOCK_FILE,
  lockFolder,
  LockHeldError,
  removeTempFiles,
  resetFaultInjection,
  writeFileDurable,
} from '../src/index.js';

// Spies on the real functions, to check the order of the flushes and the rename.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, fsyncSync: vi.fn(actual.fsyncSync), renameSync: vi.fn(actual.renameSync) };
});

const root = mkdtempSync(join(tmpdir(), 'signflow-durable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.clearAllMocks();
  delete process.env['SIGNFLOW_FAULT'];
  delete process.env['SIGNFLOW_FAULT_TRACE'];
  resetFaultInjection();
});

const folder = (name: string) => {
  const dir = join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

describe('writeFileDurable', () => {
  it('writes strings and bytes, creating the folder, and replaces an existing file', () => {
    const text = join(root, 'new', 'folder', 'a.json');
    writeFileDurable(text, '{"é": 1}');
    expect(readFileSync(text, 'utf8')).toBe('{"é": 1}');
    writeFileDurable(text, 'replaced');
    expect(readFileSync(text, 'utf8')).toBe('replaced');
    const bytes = join(root, 'b.bin');
    writeFileDurable(bytes, new Uint8Array([0, 255, 7]));
    expect([...readFileSync(bytes)]).toEqual([0, 255, 7]);
    expect(readdirSync(join(root, 'new', 'folder'))).toEqual(['a.json']); // no temporary file left
  });

  it('flushes the temporary file before the rename and the folder after it', () => {
    writeFileDurable(join(folder('order'), 'x'), 'data');
    const fsync = vi.mocked(fs.fsyncSync).mock.invocationCallOrder;
    const rename = vi.mocked(fs.renameSync).mock.invocationCallOrder;
    expect(fsync).toHaveLength(2);
    expect(fsync[0]).toBeLessThan(rename[0]);
    expect(fsync[1]).toBeGreaterThan(rename[0]);
  });

  it('leaves the old file and no temporary file when the disk is full', () => {
    const path = join(folder('full'), 'state.json');
    writeFileDurable(path, 'old');
    process.env['SIGNFLOW_FAULT'] = 'enospc@1';
    resetFaultInjection();
    expect(() => writeFileDurable(path, 'new')).toThrow(expect.objectContaining({ code: 'ENOSPC', path }));
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(folder('full'))).toEqual(['state.json']);
  });
});

describe('appendFileDurable and completeLines', () => {
  it('appends whole lines', () => {
    const path = join(folder('append'), 'log.jsonl');
    appendFileDurable(path, 'one\n');
    appendFileDurable(path, 'two\n');
    expect(completeLines(readFileSync(path, 'utf8'))).toEqual(['one', 'two']);
  });

  it('cuts off what an interrupted append left before appending again', () => {
    const path = join(folder('append-after-crash'), 'log.jsonl');
    writeFileSync(path, '{"a":1}\n{"b":');
    appendFileDurable(path, '{"c":3}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"c":3}\n');
    writeFileSync(path, '{"b":');
    appendFileDurable(path, 'x\n');
    expect(readFileSync(path, 'utf8')).toBe('x\n');
  });

  it('drops the unterminated last line that an append cut short leaves', () => {
    expect(completeLines('{"a":1}\n{"b":')).toEqual(['{"a":1}']);
    expect(completeLines('')).toEqual([]);
    expect(completeLines('x\n\ny\n')).toEqual(['x', 'y']);
  });
});

describe('fault injection', () => {
  const script = fileURLToPath(new URL('./write-three.ts', import.meta.url));
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, env.DIR], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });

  it('counts the points of a run and kills the process at the chosen one', () => {
    const dir = folder('trace');
    const trace = join(root, 'trace.txt');
    const full = run({ DIR: dir, SIGNFLOW_FAULT_TRACE: trace });
    expect(full.status, full.stderr).toBe(0);
    const points = readFileSync(trace, 'utf8').trim().split('\n');
    expect(points.map((p) => p.split(' ').slice(1, -1).join(' '))).toEqual([
      'temporary file written, not renamed',
      'renamed into place',
      'half of an append written',
      'append written',
      'temporary file written, not renamed',
      'renamed into place',
      'half of an append written',
      'append written',
      'temporary file written, not renamed',
      'renamed into place',
    ]);
    // Point 5: a.json version 2 is in its temporary file, not yet renamed: the old version stays.
    const killed = folder('kill5');
    const result = run({ DIR: killed, SIGNFLOW_FAULT: 'kill@5' });
    expect(result.signal).toBe('SIGKILL');
    expect(readFileSync(join(killed, 'a.json'), 'utf8')).toBe('{"version":1}');
    expect(removeTempFiles(killed)).toHaveLength(1);
    // Point 7: half of the second log line is on disk; readers drop it.
    const half = folder('kill7');
    expect(run({ DIR: half, SIGNFLOW_FAULT: 'kill@7' }).signal).toBe('SIGKILL');
    const text = readFileSync(join(half, 'log.jsonl'), 'utf8');
    expect(text).toBe('{"line":1}\n{"lin');
    expect(completeLines(text)).toEqual(['{"line":1}']);
  });

  it('kills the process after the chosen training step, counting steps apart from write points', () => {
    const script = fileURLToPath(new URL('./three-steps.ts', import.meta.url));
    const runSteps = (fault: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', script, folder(`steps-${fault.replace(/\W/g, '-')}`)], {
        env: { ...process.env, SIGNFLOW_FAULT: fault },
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      });
    // Each step is followed by one durable write, two write points.
    const afterStep2 = runSteps('kill@step:2');
    expect([afterStep2.signal, afterStep2.stdout]).toEqual(['SIGKILL', 'step 1 done\nstep 1 written\n']);
    const atWrite2 = runSteps('kill@2');
    expect([atWrite2.signal, atWrite2.stdout]).toEqual(['SIGKILL', 'step 1 done\n']);
    const never = runSteps('kill@step:4');
    expect([never.status, never.stdout]).toEqual([0, [1, 2, 3].map((i) => `step ${i} done\nstep ${i} written\n`).join('')]);
  });

  it('counts points in this process and rejects a malformed plan', () => {
    resetFaultInjection();
    writeFileDurable(join(folder('count'), 'x'), '1');
    stepFaultPoint();
    expect(faultPointsReached()).toEqual({ writes: 2, steps: 1 });
    process.env['SIGNFLOW_FAULT'] = 'kill-at-3';
    resetFaultInjection();
    expect(() => writeFileDurable(join(folder('count'), 'x'), '1')).toThrow(/SIGNFLOW_FAULT=kill-at-3 is not a fault plan: expected kill@N, enospc@N or kill@step:N/);
    process.env['SIGNFLOW_FAULT'] = 'enospc@step:3';
    resetFaultInjection();
    expect(() => stepFaultPoint()).toThrow(/SIGNFLOW_FAULT=enospc@step:3 is not a fault plan/);
    delete process.env['SIGNFLOW_FAULT'];
    resetFaultInjection();
  });
});

describe('removeTempFiles', () => {
  it('removes only the temporary files this package names, in every subfolder', () => {
    const dir = folder('temps');
    fs.mkdirSync(join(dir, 'checkpoints', 'c1'), { recursive: true });
    writeFileSync(join(dir, 'config.json.123.0a1b2c3d.tmp'), '');
    writeFileSync(join(dir, 'checkpoints', 'c1', 'weights.bin.99.deadbeef.tmp'), '');
    writeFileSync(join(dir, 'notes.tmp'), 'a user file');
    writeFileSync(join(dir, 'config.json'), '{}');
    expect(removeTempFiles(dir).map((p) => p.slice(dir.length + 1)).sort()).toEqual(['checkpoints/c1/weights.bin.99.deadbeef.tmp', 'config.json.123.0a1b2c3d.tmp']);
    expect(readdirSync(dir).sort()).toEqual(['checkpoints', 'config.json', 'notes.tmp']);
    expect(removeTempFiles(join(dir, 'missing'))).toEqual([]);
    writeFileSync(join(dir, 'checkpoints', 'c1', 'weights.bin.99.deadbeef.tmp'), '');
    expect(removeTempFiles(dir, { exclude: ['checkpoints'] })).toEqual([]);
  });
});

describe('lockFolder', () => {
  it('is exclusive while held, and free again once released', () => {
    const dir = folder('lock');
    const lock = lockFolder(dir, 'test');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'test' });
    expect(() => lockFolder(dir, 'second')).toThrow(LockHeldError);
    expect(() => lockFolder(dir, 'second')).toThrow(new RegExp(`in use by process ${process.pid} on ${hostname()} \\(test, since`));
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockFolder(dir, 'third').release();
  });

  it('takes over the lock of a dead process, and refuses that of a live one or of another host', async () => {
    const dir = folder('stale');
    const sleeper = spawn('sleep', ['30']);
    const owner = { pid: sleeper.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', command: 'signflow train' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(owner));
    expect(() => lockFolder(dir, 'mine')).toThrow(/in use by process/);
    sleeper.kill('SIGKILL');
    await new Promise((resolve) => sleeper.on('exit', resolve));
    const lock = lockFolder(dir, 'mine');
    expect(lock.tookOverFrom).toEqual(owner);
    lock.release();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...owner, host: 'elsewhere' }));
    expect(() => lockFolder(dir, 'mine')).toThrow(/on elsewhere .* delete .*\.signflow\.lock/);
    writeFileSync(join(dir, LOCK_FILE), '');
    expect(lockFolder(dir, 'mine').tookOverFrom?.command).toMatch(/lock file was empty/);
  });
});
