/**
 * Where signflow keeps its queues in Redis: every key starts with {@link QUEUE_PREFIX}, and each
 * grid has its own BullMQ queue named after the grid's hash, so several grids share one Redis
 * without a worker of one grid ever taking another's cells.
 */
export const QUEUE_PREFIX = 'signflow';

/** The BullMQ queue of the grid with this hash (`grid.json`'s hash). */
export function gridQueueName(gridHash: string): string {
  return `grid-${gridHash}`;
}

/** The Redis hash that lists the grids submitted to this Redis: grid hash → {@link RegisteredGrid} JSON. */
export const GRID_REGISTRY_KEY = `${QUEUE_PREFIX}:grids`;

/** A grid hash as `signflow worker --grid` accepts it. */
export const GRID_HASH_PATTERN = /^[0-9a-f]{12}$/;
