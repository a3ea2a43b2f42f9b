/**
 * Crash-safe file writes: every file signflow writes goes through this package. Atomic replace
 * with file and folder flushes, durable appends whose cut-short last line readers drop, cleanup
 * of temporary files left by a crash, a lock per folder that names its holder, and deterministic
 * fault injection (`SIGNFLOW_FAULT`) for crash tests.
 *
 * @module @signflow/durable
 */
export { appendFileDurable, completeLines, fsyncDirectory, makeDirectoryDurable, TEMP_FILE_PATTERN, writeFileDurable } from './durable-write.js';
export { faultPoint, faultPointsReached, resetFaultInjection, stepFaultPoint, type FaultKind } from './fault-injection.js';
export { isProcessAlive, LOCK_FILE, lockFolder, LockHeldError, type FolderLock, type LockOwner } from './folder-lock.js';
export { removeTempFiles } from './temp-files.js';
