import { parseArgs } from 'node:util';
import type { DependencyContainer } from 'tsyringe';
import { BenchRunner, DEFAULT_MAX_RUNS } from '../bench/bench-runner.js';
import { readGridSpec } from '../bench/grid-spec.js';
import { bareQueueFlag } from '../cli/queue-flag.js';
import { integer } from '../cli/train-args.js';
import { TOKENS } from '../container/tokens.js';
import { UsageError } from '../errors.js';
import { QueueTransport, type SubmitMode } from '../queue/queue-transport.js';
import { queueUrl, REDIS_URL_ENV } from '../queue/redis-url.js';
import type { StopSignal } from '../run/run-context.js';

/** Attempts per cell in a queue, for failures that are not the cell's configuration's fault. */
const DEFAULT_ATTEMPTS = 3;

/** The usage text of `signflow bench`. */
export const BENCH_USAGE = `Usage: signflow bench GRID_FILE [--out DIR] [--max-runs N]
       signflow bench GRID_FILE --queue redis://HOST:PORT[/DB] [--detach | --attach] [--attempts N] [--out DIR]

Runs every combination of a grid file's axes (estimators, backbones, datasets, bits, schedules,
o_end, seeds, …) one after another, skipping runs already complete in DIR, and writes
DIR/results.jsonl, DIR/report.md and DIR/plots/. Run it again to resume.

  --out DIR        output folder (default: bench/<grid file name>)
  --max-runs N     refuse grids larger than N runs (default ${DEFAULT_MAX_RUNS})

With --queue the cells go to a BullMQ queue on Redis, and \`signflow worker\` processes on any
number of machines train them; this command shows their progress and writes the same results
as they arrive (see docs/scale-out.md).

  --queue URL      redis://[USER:PASSWORD@]HOST:PORT[/DB], or rediss://… for TLS; without a
                   URL: $${REDIS_URL_ENV}
  --detach         enqueue the cells and return
  --attach         only collect: wait for the cells submitted before, write their results
  --attempts N     tries per cell for failures that are not its configuration's fault (a worker
                   lacking a plugin, a full disk; default ${DEFAULT_ATTEMPTS}). A diverging run or a bad option
                   fails at once.
`;

/** `signflow bench GRID_FILE`. */
export async function benchCommand(argv: string[], app: DependencyContainer, stop: StopSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: bareQueueFlag(argv),
      options: {
        out: { type: 'string' },
        'max-runs': { type: 'string' },
        queue: { type: 'string' },
        detach: { type: 'boolean' },
        attach: { type: 'boolean' },
        attempts: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${BENCH_USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`Give exactly one grid file.\n${BENCH_USAGE}`);
  const mode = submitMode(values);
  const target = queueUrl(values.queue);
  if (target === undefined && (mode !== 'wait' || values.attempts !== undefined)) throw new UsageError('--detach, --attach and --attempts go with --queue URL.');
  const attempts = integer('attempts', values.attempts) ?? DEFAULT_ATTEMPTS;
  if (attempts < 1) throw new UsageError(`--attempts ${attempts}: give at least 1.`);
  const spec = readGridSpec(file);
  const out = values.out ?? `bench/${file.replace(/^.*\//, '').replace(/\.json$/, '')}`;
  const scope = app.createChildContainer();
  if (target !== undefined) scope.register(TOKENS.CellTransport, { useValue: new QueueTransport({ target, mode, attempts }) });
  const outcome = await scope.resolve(BenchRunner).run(spec, { out, maxRuns: integer('max-runs', values['max-runs']), stop });
  if (mode === 'detach') {
    process.stdout.write(`${outcome.runs} runs: ${outcome.skipped} already complete, the others submitted. Collect the results with: signflow bench ${file} --queue URL --out ${out} --attach\n`);
    return 0;
  }
  process.stdout.write(
    `${outcome.runs} runs: ${outcome.ran} ran, ${outcome.skipped} already complete, ${outcome.failed} failed${outcome.interrupted ? ', stopped by Ctrl-C' : ''}. Report: ${outcome.reportPath}\n`,
  );
  return outcome.interrupted ? 130 : outcome.failed > 0 ? 1 : 0;
}

function submitMode(values: { detach?: boolean; attach?: boolean }): SubmitMode {
  if (values.detach && values.attach) throw new UsageError('Give either --detach or --attach, not both.');
  return values.detach ? 'detach' : values.attach ? 'attach' : 'wait';
}
