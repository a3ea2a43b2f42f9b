import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { DependencyContainer } from 'tsyringe';
import { describeError, EXIT, UsageError } from './errors.js';
import type { StopSignal } from './run/run-context.js';

/** What a command gets: its arguments, the app's container and the Ctrl-C signal. */
interface CommandContext {
  readonly app: DependencyContainer;
  readonly stop: StopSignal;
}

/** A `signflow` command. Its module is imported when it runs, so `--version` and `--help` start at once. */
interface Command {
  /** One line for `signflow --help`. */
  readonly summary: string;
  /** Its own usage text, printed for `--help` when the command does not print its own. */
  readonly usage?: () => Promise<string>;
  run(argv: string[], context: CommandContext): Promise<number>;
}

const analysisUsage = async () => (await import('./commands/analysis.js')).ANALYSIS_USAGE;

const COMMANDS: Readonly<Record<string, Command>> = {
  train: { summary: 'train a binary network (no options: 1W/1A ReSTE on the bundled MNIST digits)', run: async (argv, c) => (await import('./commands/train.js')).trainCommand(argv, c.app, c.stop) },
  bench: {
    summary: 'run an estimator × backbone benchmark grid (here, or on workers through a queue)',
    run: async (argv, c) => (await import('./commands/bench.js')).benchCommand(argv, c.app, c.stop),
  },
  worker: {
    summary: 'train the cells of grids submitted to a queue (signflow bench --queue)',
    usage: async () => (await import('./commands/worker.js')).WORKER_USAGE,
    run: async (argv, c) => (await import('./commands/worker.js')).workerCommand(argv, c.app, c.stop),
  },
  summary: {
    summary: 'bit-aware summary of a backbone, a run or an export',
    usage: analysisUsage,
    run: async (argv) =>
      argv.length === 1 && !argv[0].startsWith('-')
        ? (await import('./commands/summary-target.js')).summaryTargetCommand(argv[0])
        : (await import('./commands/analysis.js')).summaryCommand(argv),
  },
  export: { summary: "write a run's model as tfjs, onnx or packed", run: async (argv, c) => (await import('./commands/export.js')).exportCommand(argv, c.app) },
  evaluate: { summary: 'top-1 and top-5 of a run, an export or a packed file on a dataset', run: async (argv) => (await import('./commands/evaluate.js')).evaluateCommand(argv) },
  predict: { summary: 'top-5 classes of PNG or JPEG images', run: async (argv) => (await import('./commands/predict.js')).predictCommand(argv) },
  plot: { summary: 'training curves of a run', usage: analysisUsage, run: async (argv) => (await import('./commands/analysis.js')).plotCommand(argv) },
  'plot-estimators': {
    summary: "the estimators' forward and pseudo-gradient, and their schedules",
    usage: analysisUsage,
    run: async (argv) => (await import('./commands/analysis.js')).plotEstimatorsCommand(argv),
  },
  list: { summary: 'the estimators, backbones, datasets and backends available here', usage: async () => 'Usage: signflow list\n', run: async () => (await import('./commands/list.js')).listCommand() },
  data: { summary: 'fetch and list datasets', usage: async () => (await import('./commands/data.js')).DATA_USAGE, run: async (argv) => (await import('./commands/data.js')).dataCommand(argv) },
  serve: {
    summary: 'a page over runs and benchmarks: tables, live curves, estimators, try a model',
    usage: async () => (await import('./commands/serve.js')).SERVE_USAGE,
    run: async (argv, c) => (await import('./commands/serve.js')).serveCommand(argv, c.stop),
  },
  site: {
    summary: 'the page of `serve` as static files, for any static host',
    usage: async () => (await import('./commands/serve.js')).SERVE_USAGE,
    run: async (argv) => (await import('./commands/serve.js')).siteCommand(argv),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)} ${c.summary}`);
  return `Usage: signflow <command> [options]

Commands:
${lines.join('\n')}

Options for every command:
  --debug        print stack traces with error messages (or set SIGNFLOW_DEBUG=1)
  --version      print the version
  -h, --help     show help (\`signflow <command> --help\` for a command's options)

Exit codes: 0 success, 2 bad input or an expected failure, 3 training diverged, 130 interrupted (resumable), 1 a bug.
`;
}

/**
 * The `signflow` command line. Returns the exit code; every error is reported here, once: one
 * clear message for expected failures, a stack trace only for bugs or with `--debug`.
 */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug') || process.env['SIGNFLOW_DEBUG'] === '1';
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') return print(usage());
    if (name === '--version' || name === '-v' || name === 'version') return print(`${version()}\n`);
    const command = COMMANDS[name];
    if (command === undefined) throw new UsageError(`Unknown command '${name}'.\n${usage()}`);
    if (command.usage !== undefined && (rest.includes('--help') || rest.includes('-h'))) return print(await command.usage());
    const { createAppContainer } = await import('./container/app-container.js');
    return await command.run(rest, { app: createAppContainer(), stop: installStopHandler() });
  } catch (error) {
    const report = describeError(error, debug);
    process.stderr.write(`${report.message}\n`);
    return report.code;
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return EXIT.ok;
}

/** The version of the package this command comes from. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return `signflow ${pkg.version}`;
}

let current: StopSignal | null = null;

/**
 * First Ctrl-C: finish the current step, checkpoint, exit 130. Second: exit at once. The handler
 * is installed once per process; each command gets a fresh signal.
 */
function installStopHandler(): StopSignal {
  if (current === null) {
    process.on('SIGINT', () => {
      if (current === null || current.requested) process.exit(EXIT.interrupted);
      current.requested = true;
      process.stderr.write('\nStopping after the current step (Ctrl-C again to quit at once)…\n');
    });
  }
  current = { requested: false };
  return current;
}
