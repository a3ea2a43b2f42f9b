import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EpochLogError, parseEpochLog, readEpochLog } from '../src/index.js';

const LINE =
  '{ "epoch": 0, "loss": 2.1, "trainTop1": 0.31, "testLoss": 1.9, "top1": 0.35, "top5": 0.82, "lr": 0.1, "o": 1.0, ' +
  '"estimatingError": 12.3, "gradientInstability": 1e-6, "flipRatio": 0.01, "seconds": 12.5, "imagesPerSecond": 640, "backend": "cpu" }';

describe('parseEpochLog', () => {
  it('reads the trainer\'s format, blank lines and absent or null fields allowed', () => {
    const records = parseEpochLog(`${LINE}\n\n{"epoch": 1, "loss": null, "top1": 0.4, "extra": "ignored"}\n`);
    expect(records).toEqual([
      {
        epoch: 0,
        loss: 2.1,
        trainTop1: 0.31,
        testLoss: 1.9,
        top1: 0.35,
        top5: 0.82,
        lr: 0.1,
        o: 1,
        estimatingError: 12.3,
        gradientInstability: 1e-6,
        flipRatio: 0.01,
        seconds: 12.5,
        imagesPerSecond: 640,
        backend: 'cpu',
      },
      { epoch: 1, top1: 0.4 },
    ]);
  });

  it.each([
    ['{"epoch": 0\n', /run.jsonl:1: not valid JSON/],
    ['{"epoch": 0\n{"epoch": 1}', /run.jsonl:1: not valid JSON/],
    ['[1, 2]', /run.jsonl:1: expected a JSON object/],
    ['{"loss": 1}', /run.jsonl:1: "epoch" = undefined must be an integer >= 0/],
    ['{"epoch": 0, "top1": 35}', /run.jsonl:1: "top1" = 35 must be a fraction in \[0, 1\] \(not a percentage\)/],
    ['{"epoch": 0, "lr": "0.1"}', /run.jsonl:1: "lr" = "0.1" must be a number/],
    ['{"epoch": 0, "backend": 3}', /"backend" = 3 must be a string/],
    ['{"epoch": 1}\n{"epoch": 1}', /run.jsonl:2: epoch 1 follows epoch 1; epochs must be strictly increasing/],
  ])('rejects %s with a message naming the line', (text, message) => {
    expect(() => parseEpochLog(text, 'run.jsonl')).toThrow(EpochLogError);
    expect(() => parseEpochLog(text, 'run.jsonl')).toThrow(message);
  });
});

describe('parseEpochLog after a crash', () => {
  it('drops an unterminated last line that an append cut short, and keeps a complete one', () => {
    expect(parseEpochLog('{"epoch": 0}\n{"epoch": 1, "lo')).toEqual([{ epoch: 0 }]);
    expect(parseEpochLog('{"epoch": 0}\n{"epoch": 1}')).toEqual([{ epoch: 0 }, { epoch: 1 }]);
  });
});

describe('readEpochLog', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('reads a file and names a missing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signflow-log-'));
    dirs.push(dir);
    await writeFile(join(dir, 'epochs.jsonl'), `${LINE}\n`);
    expect((await readEpochLog(join(dir, 'epochs.jsonl')))[0].top5).toBe(0.82);
    await expect(readEpochLog(join(dir, 'missing.jsonl'))).rejects.toThrow(/cannot read .*missing.jsonl \(ENOENT\)/);
  });
});
