/**
 * Lets `--queue` go without a value (`signflow bench GRID --queue --out DIR`), meaning "the URL in
 * SIGNFLOW_REDIS_URL": node's parseArgs has no optional values, so a bare `--queue` (last, or
 * followed by another option) is rewritten as `--queue=` before parsing.
 */
export function bareQueueFlag(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === '--queue' && (i + 1 === argv.length || argv[i + 1].startsWith('-')) ? '--queue=' : arg));
}
