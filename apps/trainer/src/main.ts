import 'reflect-metadata';
import { createAppContainer } from './container/app-container.js';
import { ANALYSIS_USAGE, plotCommand, plotEstimatorsCommand, summaryCommand } from './commands/analysis.js';
import { benchCommand } from './commands/bench.js';
import { dataCommand, DATA_USAGE } from './commands/data.js';
import { serveCommand, siteCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { RunError, UsageError } from './errors.js';
import type { StopSignal } from './train/trainer.js';

const USAGE = `Usage: signflow <command> [options]

Commands:
  train          train a binary network (no options: 1W/1A ReSTE on the bundled MNIST digits)
  bench          run an estimator × backbone benchmark grid
  summary        bit-aware summary of a backbone
  plot           training curves of a run
  plot-estimators  the estimators' forward and pseudo-gradient, and the o schedules
  data           fetch and list datasets
  serve          a page over runs and benchmarks: tables, live curves, estimators, try a model
  site           the same page as static files
  help           show this help

Run \`signflow <command> --help\` for a command's options.
`;

/**
 * The `signflow` command line. Returns the exit code: 0 success, 1 failure during a run, 2 bad
 * input (the message names the bad value and the fix), 130 stopped by Ctrl-C after checkpointing.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stop = installStopHandler();
  try {
    switch (command ?? 'help') {
      case 'train':
        return await trainCommand(rest, createAppContainer(), stop);
      case 'bench':
        return await benchCommand(rest, createAppContainer(), stop);
      case 'summary':
      case 'plot':
      case 'plot-estimators':
        if (rest.includes('--help') || rest.includes('-h')) return print(ANALYSIS_USAGE);
        if (command === 'summary') return await summaryCommand(rest, createAppContainer());
        if (command === 'plot') return await plotCommand(rest);
        return await plotEstimatorsCommand(rest, createAppContainer());
      case 'data':
        if (rest.includes('--help') || rest.includes('-h')) return print(DATA_USAGE);
        return await dataCommand(rest);
      case 'serve':
        return await serveCommand(rest, stop);
      case 'site':
        return await siteCommand(rest);
      case 'help':
      case '--help':
      case '-h':
        return print(USAGE);
      default:
        throw new UsageError(`Unknown command '${command}'.\n${USAGE}`);
    }
  } catch (error) {
    return reportError(error);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

/** Maps an error to an exit code and prints it without a stack trace when it is the user's input. */
export function reportError(error: unknown): number {
  const isUsage = error instanceof UsageError || (error as Error)?.name === 'DatasetError' || (error as Error)?.name === 'UnknownEstimatorError';
  if (isUsage) {
    process.stderr.write(`signflow: ${(error as Error).message}\n`);
    return 2;
  }
  if (error instanceof RunError) {
    process.stderr.write(`signflow: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`signflow: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

/** First Ctrl-C: finish the current step, checkpoint, exit 130. Second: exit at once. */
function installStopHandler(): StopSignal {
  const stop: StopSignal = { requested: false };
  process.on('SIGINT', () => {
    if (stop.requested) process.exit(130);
    stop.requested = true;
    process.stderr.write('\nStopping after the current step (Ctrl-C again to quit at once)…\n');
  });
  return stop;
}
