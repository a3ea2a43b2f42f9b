import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { LOCK_FILE, type LockOwner } from '@signflow/durable';

/**
 * Releases the run-directory lock a dead worker on another machine left behind. The lock tells a
 * dead holder from a live one only on its own host (by pid); on shared storage a worker on
 * another machine would see the lock as held for ever. The queue knows better: a job that BullMQ
 * moved back after its worker stopped renewing its lock (`stalledCounter > 0`), whose folder lock
 * names a worker no longer connected to this queue, belongs to the worker that took it now.
 * A worker's name is `host:pid`, the same pair the lock records. Returns the lock's former owner
 * when it was removed. `connectedWorkers` is undefined when Redis cannot list its clients (some
 * managed services): then nothing is removed and the lock's own message says what to do.
 */
export function releaseLostWorkerLock(job: Job, runDir: string, connectedWorkers: ReadonlySet<string> | undefined): LockOwner | undefined {
  if (job.stalledCounter === 0 || connectedWorkers === undefined) return undefined;
  const path = join(runDir, LOCK_FILE);
  let owner: LockOwner;
  try {
    owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
  if (owner.host === hostname() || connectedWorkers.has(`${owner.host}:${owner.pid}`)) return undefined;
  rmSync(path, { force: true });
  return owner;
}
