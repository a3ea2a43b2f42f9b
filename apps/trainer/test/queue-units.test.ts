import { describe, expect, it } from 'vitest';
import type { GridCell } from '../src/bench/expand-grid.js';
import { bareQueueFlag } from '../src/cli/queue-flag.js';
import { DivergedError, UsageError } from '../src/errors.js';
import { fractionDone } from '../src/queue/cell-job.js';
import { isConfigFailure } from '../src/queue/failure-kind.js';
import { GridProgress } from '../src/queue/grid-progress.js';
import { maskPassword, parseRedisUrl, queueUrl, REDIS_URL_ENV } from '../src/queue/redis-url.js';

describe('Redis URLs', () => {
  it('reads host, port, database, credentials and TLS, and masks the password', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6380/2')).toEqual({ host: '10.0.0.5', port: 6380, db: 2, tls: false, display: 'redis://10.0.0.5:6380/2' });
    expect(parseRedisUrl('rediss://bench:p%40ss@redis.lab:6390')).toEqual({
      host: 'redis.lab',
      port: 6390,
      db: 0,
      tls: true,
      username: 'bench',
      password: 'p@ss',
      display: 'rediss://bench:***@redis.lab:6390',
    });
    expect(parseRedisUrl('redis://:secret@[::1]')).toMatchObject({ host: '::1', port: 6379, password: 'secret', display: 'redis://:***@[::1]:6379' });
  });

  it('refuses what is not a Redis URL, without repeating the password', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow(/the scheme is 'localhost', not redis or rediss/);
    expect(() => parseRedisUrl('http://host:6379')).toThrow(UsageError);
    expect(() => parseRedisUrl('redis://host:6379/zero')).toThrow(/the path '\/zero' is not a database number/);
    expect(() => parseRedisUrl('redis://host:6379/0?tls=1')).toThrow(/no query/);
    expect(() => parseRedisUrl('redis://:hunter2@host:99999')).toThrow(/^--queue redis:\/\/:\*\*\*@host:99999: not a URL/);
    expect(() => parseRedisUrl('redis://:hunter2@host:99999')).not.toThrow(/hunter2/);
    expect(maskPassword('rediss://user:pw@h:1/0')).toBe('rediss://user:***@h:1/0');
  });

  it('takes the URL from SIGNFLOW_REDIS_URL for a bare --queue', () => {
    expect(queueUrl(undefined, {})).toBeUndefined();
    expect(queueUrl('', { [REDIS_URL_ENV]: 'redis://:pw@h:7000' })).toMatchObject({ host: 'h', port: 7000, password: 'pw' });
    expect(() => queueUrl('', {})).toThrow(/--queue was given without a URL and SIGNFLOW_REDIS_URL is not set/);
    expect(() => queueUrl('', { [REDIS_URL_ENV]: 'nonsense' })).toThrow(/^SIGNFLOW_REDIS_URL nonsense: not a URL/);
    expect(bareQueueFlag(['grid.json', '--queue', '--out', 'o'])).toEqual(['grid.json', '--queue=', '--out', 'o']);
    expect(bareQueueFlag(['grid.json', '--queue'])).toEqual(['grid.json', '--queue=']);
    expect(bareQueueFlag(['grid.json', '--queue', 'redis://h:1'])).toEqual(['grid.json', '--queue', 'redis://h:1']);
  });
});

describe('queue failures', () => {
  it('does not retry what the configuration causes', () => {
    expect(isConfigFailure(new DivergedError('The loss became NaN'))).toBe(true);
    expect(isConfigFailure(new UsageError('bad option'))).toBe(true);
    expect(isConfigFailure(Object.assign(new Error('x'), { name: 'ScheduleError' }))).toBe(true);
    expect(isConfigFailure(Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toBe(false);
    expect(isConfigFailure(new TypeError('a bug'))).toBe(false);
  });
});

describe('grid progress in the queue', () => {
  const cell = (index: number): GridCell => ({ index, axes: { seed: index }, config: {} as GridCell['config'], hash: `h${index}` });

  it('reads how far a cell is from its job progress', () => {
    expect(fractionDone({ kind: 'step', epoch: 2, epochs: 4, done: 5, steps: 10 })).toBeCloseTo(0.375);
    expect(fractionDone({ kind: 'epoch', epoch: 3, epochs: 4, text: '' })).toBe(0.75);
    expect(fractionDone(undefined)).toBe(0);
    expect(fractionDone({ kind: 'step', epochs: 0 })).toBe(0);
  });

  it('counts queued, running, done and failed cells and projects the rest from measured cell times', () => {
    let now = 0;
    const lines: string[] = [];
    const view = new GridProgress([cell(0), cell(1), cell(2), cell(3)], 4, (l) => lines.push(l), () => now);
    expect(view.eta(2)).toBeNaN();
    view.started('h0', 'a:1');
    view.started('h1', 'b:2');
    now = 10_000;
    view.progress('h0', { kind: 'step', epoch: 1, epochs: 2, done: 2, steps: 4 });
    // Nothing finished yet: 25 % in 10 s is 40 s a cell; 2 queued + 0.75 of one running, on 2 workers.
    expect(view.eta(2)).toBeCloseTo((2 * 40 + 0.75 * 40 + 40) / 2);
    view.finished('h0', 'completed', 20);
    view.finished('h1', 'failed');
    expect(view.status(2)).toBe('Queue: 2 queued, 0 running, 1 done, 1 failed; 2 workers connected; ETA 0:20');
    view.progress('h2', { kind: 'epoch', epoch: 1, epochs: 2, text: 'epoch 1/2: loss 1.0' });
    expect(lines).toEqual(['[1/4] seed=0: running on a:1', '[2/4] seed=1: running on b:2', '[3/4] seed=2: epoch 1/2: loss 1.0']);
  });
});
