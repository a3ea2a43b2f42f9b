import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockFolder, writeFileDurable } from '@signflow/durable';
import { EPOCH_LOG_FILE, type EpochRecord } from '@signflow/metrics';
import type { GridCell } from '../bench/expand-grid.js';
import { initRunDir } from '../run/run-dir.js';

/**
 * Keeps a copy of a cell trained elsewhere in the submitter's `<out>/runs/<hash>`: its
 * config.json, epoch log and summary, as sent back through the queue, so that `signflow plot`
 * and the report find the run where a local bench would have put it. Checkpoints stay with the
 * workers. When the worker trained in this very folder (shared storage), the files are the same;
 * the folder's lock is held while they are written, as for every write into a run directory.
 */
export function mirrorRun(runDir: string, cell: GridCell, epochs: readonly EpochRecord[], summary: unknown): void {
  mkdirSync(runDir, { recursive: true });
  const lock = lockFolder(runDir, 'signflow bench (copying a cell trained by a worker)');
  try {
    if (!existsSync(join(runDir, 'config.json'))) initRunDir(runDir, cell.config);
    writeFileDurable(join(runDir, EPOCH_LOG_FILE), epochs.map((record) => JSON.stringify(record) + '\n').join(''));
    if (summary !== null && summary !== undefined) writeFileDurable(join(runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  } finally {
    lock.release();
  }
}
