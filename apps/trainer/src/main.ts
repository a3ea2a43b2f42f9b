import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { DependencyContainer } from 'tsyringe';
import { createAppContainer } from './container/app-container.js';
import { ANALYSIS_USAGE, plotCommand, plotEstimatorsCommand, summaryCommand } from './commands/analysis.js';
import { benchCommand } from './commands/bench.js';
import { dataCommand, DATA_USAGE } from './commands/data.js';
import { listCommand } from './commands/list.js';
import { SERVE_USAGE, serveCommand, siteCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { describeError, EXIT, UsageError } from './errors.js';
import type { StopSignal } from './run/run-context.js';

/** What a command gets: its arguments, the app's container and the Ctrl-C signal. */
interface CommandContext {
  readonly app: DependencyContainer;
  readonly stop: StopSignal;
}

/** A `signflow` command. */
interface Command {
  /** One line for `signflow --help`. */
  readonly summary: string;
  /** Its own usage text, printed for `--help` when the command does not print its own. */
  readonly usage?: string;
  run(argv: string[], context: CommandContext): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  train: { summary: 'train a binary network (no options: 1W/1A ReSTE on the bundled MNIST digits)', run: (argv, c) => trainCommand(argv, c.app, c.stop) },
  bench: { summary: 'run an estimator × backbone benchmark grid', run: (argv, c) => benchCommand(argv, c.app, c.stop) },
  summary: { summary: 'bit-aware summary of a backbone', usage: ANALYSIS_USAGE, run: (argv) => summaryCommand(argv) },
  plot: { summary: 'training curves of a run', usage: ANALYSIS_USAGE, run: (argv) => plotCommand(argv) },
  'plot-estimators': { summary: "the estimators' forward and pseudo-gradient, and their schedules", usage: ANALYSIS_USAGE, run: (argv) => plotEstimatorsCommand(argv) },
  list: { summary: 'the estimators, backbones, datasets and backends available here', usage: 'Usage: signflow list\n', run: () => listCommand() },
  data: { summary: 'fetch and list datasets', usage: DATA_USAGE, run: (argv) => dataCommand(argv) },
  serve: { summary: 'a page over runs and benchmarks: tables, live curves, estimators, try a model', usage: SERVE_USAGE, run: (argv, c) => serveCommand(argv, c.stop) },
  site: { summary: 'the page of `serve` as static files, for any static host', usage: SERVE_USAGE, run: (argv) => siteCommand(argv) },
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
    if (command.usage !== undefined && (rest.includes('--help') || rest.includes('-h'))) return print(command.usage);
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

/** First Ctrl-C: finish the current step, checkpoint, exit 130. Second: exit at once. */
function installStopHandler(): StopSignal {
  const stop: StopSignal = { requested: false };
  process.on('SIGINT', () => {
    if (stop.requested) process.exit(EXIT.interrupted);
    stop.requested = true;
    process.stderr.write('\nStopping after the current step (Ctrl-C again to quit at once)…\n');
  });
  return stop;
}
