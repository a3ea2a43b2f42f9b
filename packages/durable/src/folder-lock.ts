import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fsyncDirectory } from './durable-write.js';

/** The lock file's name inside a locked folder. */
export const LOCK_FILE = '.signflow.lock';

/** Who holds a lock: written into the lock file as JSON. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** What the holder is doing, for people (e.g. `signflow train --resume runs/x`). */
  readonly command: string;
}

/** Thrown when a live process holds the lock; the message says who and what to do. */
export class LockHeldError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: LockOwner,
  ) {
    super(
      `${folder} is in use by process ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.startedAt}). ` +
        `Wait for it to finish or stop it; if that process no longer exists, delete ${join(folder, LOCK_FILE)}.`,
    );
    this.name = 'LockHeldError';
  }
}

/** A held lock. */
export interface FolderLock {
  /** The lock file. */
  readonly path: string;
  /** The dead process whose stale lock was taken over, if any. */
  readonly tookOverFrom?: LockOwner;
  /** Removes the lock file if this process still owns it. Idempotent; also runs at process exit. */
  release(): void;
}

/**
 * Takes the lock of `folder` (created if needed): a lock file holding this process's pid and host,
 * created exclusively. A lock left by a dead process on this host is taken over (`tookOverFrom`
 * says whose); a live one, or one from another host whose process cannot be checked, throws
 * {@link LockHeldError}. signflow writes a run directory or a bench output folder only while it
 * holds that folder's lock.
 *
 * Written by hand because the lock must say who holds it and be taken over exactly when that
 * process is dead; the usual lock libraries decide staleness by age instead.
 */
export function lockFolder(folder: string, command: string): FolderLock {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  let tookOverFrom: LockOwner | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, me)) {
      // Two processes taking over one stale lock at once both remove it and create a new one;
      // only the one whose file is there now holds the lock.
      const owner = readOwner(path);
      if (owner === null || owner.pid !== me.pid || owner.host !== me.host) throw new LockHeldError(folder, owner ?? me);
      fsyncDirectory(folder);
      return holding(path, me, tookOverFrom);
    }
    const owner = readOwner(path);
    if (owner !== null && (owner.host !== me.host || isProcessAlive(owner.pid))) throw new LockHeldError(folder, owner);
    // Dead holder, or a lock file cut short by a crash between its creation and its first write.
    tookOverFrom = owner ?? { pid: 0, host: me.host, startedAt: 'unknown', command: 'unknown (the lock file was empty)' };
    rmSync(path, { force: true });
  }
  throw new LockHeldError(folder, readOwner(path) ?? me);
}

function tryCreate(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid runs on this host (one owned by another user counts). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holding(path: string, me: LockOwner, tookOverFrom: LockOwner | undefined): FolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const owner = readOwner(path);
    if (owner !== null && owner.pid === me.pid && owner.host === me.host) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return { path, ...(tookOverFrom === undefined ? {} : { tookOverFrom }), release };
}
