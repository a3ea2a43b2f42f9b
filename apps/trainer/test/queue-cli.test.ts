import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';
import { freePort } from './redis-helpers.js';

/** Bad queue input: one clear message, exit code 2, no stack trace, and no password repeated. No Redis needed. */
describe('signflow bench --queue and signflow worker: bad input', () => {
  it('refuses malformed or unreachable Redis URLs and misplaced options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signflow-queue-cli-'));
    const file = join(dir, 'grid.json');
    writeFileSync(file, JSON.stringify({ name: 'g', axes: { seed: [1] }, settings: { backbone: 'mlp', dataset: 'mnist', epochs: 1 } }));
    const nobody = await freePort();
    const noUrl = { SIGNFLOW_REDIS_URL: '' };
    const cases: [string[], RegExp][] = [
      [['bench', file, '--queue', 'http://:pw@host:6379'], /--queue http:\/\/:\*\*\*@host:6379: the scheme is 'http', not redis or rediss\. Give a Redis URL: redis:\/\//],
      [['bench', file, '--queue', `redis://:pw@127.0.0.1:${nobody}`], /Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(connect ECONNREFUSED/],
      [['bench', file, '--detach'], /--detach, --attach and --attempts go with --queue URL/],
      [['worker'], /Give the Redis to take cells from: --queue redis:\/\/HOST:PORT, or set SIGNFLOW_REDIS_URL/],
      [['worker', '--queue', 'redis://h:1', '--grid', 'nonsense'], /--grid nonsense: neither a grid hash/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, dir, noUrl)));
    results.forEach((result, i) => {
      expect(result.code, `${cases[i][0].join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(cases[i][1]);
      expect(result.stderr).not.toMatch(/\n\s+at |pw@/);
    });
  });
});
