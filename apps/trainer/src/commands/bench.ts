import { parseArgs } from 'node:util';
import type { DependencyContainer } from 'tsyringe';
import { BenchRunner, DEFAULT_MAX_RUNS } from '../bench/bench-runner.js';
import { readGridSpec } from '../bench/grid-spec.js';
import { integer } from '../cli/train-args.js';
import { UsageError } from '../errors.js';
import type { StopSignal } from '../run/run-context.js';

/** The usage text of `signflow bench`. */
export const BENCH_USAGE = `Usage: signflow bench GRID_FILE [--out DIR] [--max-runs N]

Runs every combination of a grid file's axes (estimators, backbones, datasets, bits, schedules,
o_end, seeds, …) one after another, skipping runs already complete in DIR, and writes
DIR/results.jsonl, DIR/report.md and DIR/plots/. Run it again to resume.

  --out DIR        output folder (default: bench/<grid file name>)
  --max-runs N     refuse grids larger than N runs (default ${DEFAULT_MAX_RUNS})
`;

/** `signflow bench GRID_FILE`. */
export async function benchCommand(argv: string[], app: DependencyContainer, stop: StopSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, 'max-runs': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${BENCH_USAGE}`);
  }
  if (parsed.values.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`Give exactly one grid file.\n${BENCH_USAGE}`);
  const spec = readGridSpec(file);
  const out = parsed.values.out ?? `bench/${file.replace(/^.*\//, '').replace(/\.json$/, '')}`;
  const outcome = await app.resolve(BenchRunner).run(spec, { out, maxRuns: integer('max-runs', parsed.values['max-runs']), stop });
  process.stdout.write(
    `${outcome.runs} runs: ${outcome.ran} ran, ${outcome.skipped} already complete, ${outcome.failed} failed${outcome.interrupted ? ', stopped by Ctrl-C' : ''}. Report: ${outcome.reportPath}\n`,
  );
  return outcome.interrupted ? 130 : outcome.failed > 0 ? 1 : 0;
}
