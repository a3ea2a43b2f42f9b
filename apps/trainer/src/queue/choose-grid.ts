import type { Redis } from 'ioredis';
import { UsageError } from '../errors.js';
import type { StopSignal } from '../run/run-context.js';
import { gridBacklog, listGrids } from './grid-registry.js';
import { sleepUnlessStopped } from './stop-wait.js';

const POLL_MS = 2_000;

/**
 * The grid a worker started without `--grid` works on: the one grid of this Redis with cells left.
 * With several, the user must choose (a worker never mixes grids unless asked with
 * `--all-grids`); with none, the worker waits for the first to be submitted, so workers may be
 * started before the grid. `undefined` when a stop came first.
 */
export async function chooseGrid(client: Redis, stop: StopSignal, say: (line: string) => void): Promise<string | undefined> {
  let waiting = false;
  while (!stop.requested) {
    const grids = await listGrids(client);
    const open = [];
    for (const grid of grids) {
      const backlog = await gridBacklog(client, grid.hash);
      if (backlog.queued + backlog.running > 0) open.push({ ...grid, ...backlog });
    }
    if (open.length === 1) return open[0].hash;
    if (open.length > 1) {
      const list = open.map((g) => `  ${g.hash}  '${g.name}': ${g.queued} queued, ${g.running} running (submitted ${g.submittedAt})`).join('\n');
      throw new UsageError(`Several grids on this Redis have cells left; choose one with --grid HASH, or take them all with --all-grids:\n${list}`);
    }
    if (!waiting) say('No grid on this Redis has cells left; waiting for one to be submitted…');
    waiting = true;
    await sleepUnlessStopped(POLL_MS, stop);
  }
  return undefined;
}
