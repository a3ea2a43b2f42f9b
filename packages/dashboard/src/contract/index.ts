/**
 * The documents the page reads and their paths: what `signflow serve` answers and `signflow site`
 * writes. Browser-safe (no Node.js module), so the page imports it too.
 */
export * from './paths.js';
export type * from './types.js';
