import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import type { DependencyContainer } from 'tsyringe';
import { CellRunner } from '../bench/cell-runner.js';
import { readGridSpec, stableHash } from '../bench/grid-spec.js';
import { bareQueueFlag } from '../cli/queue-flag.js';
import { integer } from '../cli/train-args.js';
import { BACKENDS, type RunConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';
import { CellProcessor } from '../queue/cell-processor.js';
import { chooseGrid } from '../queue/choose-grid.js';
import { connectedWorkers } from '../queue/grid-registry.js';
import { GridWorkers } from '../queue/grid-worker.js';
import { ActiveJobs } from '../queue/job-progress.js';
import { GRID_HASH_PATTERN } from '../queue/queue-names.js';
import { RedisClients } from '../queue/redis-connection.js';
import { queueUrl, REDIS_URL_ENV } from '../queue/redis-url.js';
import { workerContainer } from '../queue/worker-container.js';
import { runWorkerProcesses } from '../queue/worker-processes.js';
import type { StopSignal } from '../run/run-context.js';

/** The usage text of `signflow worker`. */
export const WORKER_USAGE = `Usage: signflow worker --queue redis://HOST:PORT[/DB] [--grid HASH|GRID_FILE | --all-grids]
                       [--concurrency N] [--backend NAME] [--runs-dir DIR] [--stalled-seconds N]

Takes cells of benchmark grids submitted with \`signflow bench GRID --queue URL\` and trains them,
sending epoch lines and results back through the queue. Run one on every machine that should
help. Ctrl-C (or SIGTERM) checkpoints the current cell and puts it back in the queue.

  --queue URL            the Redis the grid was submitted to: redis://[USER:PASSWORD@]HOST:PORT[/DB],
                         rediss://… for TLS. Without a URL (or without --queue): $${REDIS_URL_ENV}
  --grid HASH|FILE       the grid to work on, by hash (signflow bench prints it) or grid file.
                         Default: the one grid with cells left; with none yet, the first submitted
  --all-grids            work on every grid submitted to this Redis, oldest first
  --concurrency N        cells trained at once: N worker processes, one cell each (default 1;
                         e.g. one per core, or fewer for backends that use several cores)
  --backend NAME         train on this backend whatever the grid says (${BACKENDS.join(', ')})
  --runs-dir DIR         run directories and checkpoints, DIR/<cell hash> (default: runs). On storage
                         shared by the workers (NFS), a cell another worker started resumes from
                         its checkpoint
  --stalled-seconds N    a worker silent this long is taken for dead and its cell given to another
                         (default 30)
`;

/** `signflow worker`. */
export async function workerCommand(argv: string[], app: DependencyContainer, stop: StopSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: bareQueueFlag(argv),
      options: {
        queue: { type: 'string' },
        grid: { type: 'string' },
        'all-grids': { type: 'boolean' },
        concurrency: { type: 'string' },
        backend: { type: 'string' },
        'runs-dir': { type: 'string' },
        'stalled-seconds': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${WORKER_USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(WORKER_USAGE);
    return 0;
  }
  const target = queueUrl(values.queue ?? (process.env[REDIS_URL_ENV] ? '' : undefined));
  if (target === undefined) throw new UsageError(`Give the Redis to take cells from: --queue redis://HOST:PORT, or set ${REDIS_URL_ENV}.\n${WORKER_USAGE}`);
  if (values.grid !== undefined && values['all-grids']) throw new UsageError('Give either --grid or --all-grids, not both.');
  const gridHash = values.grid === undefined ? undefined : gridHashOf(values.grid);
  const concurrency = integer('concurrency', values.concurrency) ?? 1;
  const stalledSeconds = integer('stalled-seconds', values['stalled-seconds']) ?? 30;
  if (concurrency < 1) throw new UsageError(`--concurrency ${concurrency}: give at least 1.`);
  if (stalledSeconds < 1) throw new UsageError(`--stalled-seconds ${stalledSeconds}: give at least 1.`);
  const backend = backendOf(values.backend);
  const runsDir = values['runs-dir'] ?? 'runs';
  const name = `${hostname()}:${process.pid}`;

  const say = (line: string) => process.stdout.write(`${line}\n`);
  const clients = new RedisClients(target, say);
  const control = await clients.check();
  if (concurrency > 1) {
    await clients.close();
    return runWorkerProcesses(concurrency, withoutConcurrency(argv), say);
  }
  const stopOnTerm = () => {
    stop.requested = true;
    process.stderr.write('\nStopping after the current step…\n');
  };
  process.on('SIGTERM', stopOnTerm);
  try {
    const active = new ActiveJobs(process.stdout);
    const runner = workerContainer(app, active).resolve(CellRunner);
    const processor = new CellProcessor(runner, active, {
      runsDir,
      stop,
      worker: name,
      connectedWorkers: (queueName) => connectedWorkers(control, queueName),
      ...(backend === undefined ? {} : { backend }),
    });
    const workers = new GridWorkers(clients, control, processor, { stalledSeconds, name, stop }, say);
    say(`Worker ${name} on ${target.display}, run directories in ${runsDir}.`);
    if (values['all-grids']) {
      say('Working on every grid submitted to this Redis.');
      await workers.serveAll();
    } else {
      const grid = gridHash ?? (await chooseGrid(control, stop, say));
      if (grid !== undefined) {
        say(`Working on grid ${grid}.`);
        await workers.serve(grid);
      }
    }
    say(`Worker ${name} stopped.`);
    return 0;
  } finally {
    process.off('SIGTERM', stopOnTerm);
    await clients.close();
  }
}

/** The command line without its `--concurrency` (the worker processes get `--concurrency 1`). */
function withoutConcurrency(argv: readonly string[]): string[] {
  return argv.filter((arg, i) => !(arg === '--concurrency' || arg.startsWith('--concurrency=') || argv[i - 1] === '--concurrency'));
}

/** `--grid`: a grid hash, or a grid file whose hash is computed as `signflow bench` does. */
function gridHashOf(value: string): string {
  if (GRID_HASH_PATTERN.test(value)) return value;
  if (existsSync(value)) return stableHash(readGridSpec(value));
  throw new UsageError(`--grid ${value}: neither a grid hash (12 hexadecimal digits, as signflow bench prints it) nor a grid file.`);
}

function backendOf(value: string | undefined): RunConfig['backend'] | undefined {
  if (value === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value)) throw new UsageError(`--backend ${value}: use one of ${BACKENDS.join(', ')}.`);
  return value as RunConfig['backend'];
}
