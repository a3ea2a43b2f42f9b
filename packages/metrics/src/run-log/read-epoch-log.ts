import { readFile } from 'node:fs/promises';
import { EPOCH_LOG_FILE, parseEpochLog, type EpochRecord } from './epoch-log.js';

/** Reads and parses an epoch log file (see {@link parseEpochLog}). */
export async function readEpochLog(path: string): Promise<EpochRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`readEpochLog: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the epoch log of a run (${EPOCH_LOG_FILE} in its directory).`);
  }
  return parseEpochLog(text, path);
}
