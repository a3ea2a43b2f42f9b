import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { GRID_REGISTRY_KEY, gridQueueName, QUEUE_PREFIX } from './queue-names.js';

/** A grid submitted to a Redis, as workers find it. */
export interface RegisteredGrid {
  readonly hash: string;
  readonly name: string;
  /** Cells in the grid. */
  readonly cells: number;
  /** When it was first submitted (ISO time): `--all-grids` workers serve the oldest first. */
  readonly submittedAt: string;
}

/** Records a grid in the registry; re-submitting keeps its first submission time. */
export async function registerGrid(client: Redis, grid: RegisteredGrid): Promise<void> {
  await client.hsetnx(GRID_REGISTRY_KEY, grid.hash, JSON.stringify(grid));
}

/** The grids submitted to this Redis, oldest first. */
export async function listGrids(client: Redis): Promise<RegisteredGrid[]> {
  const entries = await client.hgetall(GRID_REGISTRY_KEY);
  return Object.values(entries)
    .map((json) => JSON.parse(json) as RegisteredGrid)
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.hash.localeCompare(b.hash));
}

/** How many of a grid's cells are still to be taken or still running. */
export interface GridBacklog {
  /** Waiting (or delayed for a retry): cells a worker can take now or soon. */
  readonly queued: number;
  readonly running: number;
}

/** The backlog of a grid's queue, from BullMQ's job counts. */
export async function gridBacklog(client: Redis, gridHash: string): Promise<GridBacklog> {
  const queue = new Queue(gridQueueName(gridHash), { connection: client, prefix: QUEUE_PREFIX, skipMetasUpdate: true });
  try {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
    return { queued: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0), running: counts.active ?? 0 };
  } finally {
    await queue.close();
  }
}

/**
 * The names (`host:pid`) of the workers connected to a queue, from BullMQ's client list; undefined
 * when this Redis does not list its clients (CLIENT LIST refused, as on some managed services).
 */
export async function connectedWorkers(client: Redis, queueName: string): Promise<ReadonlySet<string> | undefined> {
  const queue = new Queue(queueName, { connection: client, prefix: QUEUE_PREFIX, skipMetasUpdate: true });
  try {
    const clients = await queue.getWorkers();
    const names = clients.map((c) => /:w:(.+)$/.exec(String(c['rawname'] ?? ''))?.[1]);
    if (names.some((name) => name === undefined)) return undefined;
    return new Set(names as string[]);
  } catch {
    return undefined;
  } finally {
    await queue.close();
  }
}
