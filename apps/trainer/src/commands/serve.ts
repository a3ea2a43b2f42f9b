import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openBrowser, PageMissingError, PortInUseError, SiteOutputError, startServer, writeSite } from '@signflow/dashboard';
import { UsageError } from '../errors.js';
import type { StopSignal } from '../run/run-context.js';

/** The port `signflow serve` listens on unless told otherwise. */
const DEFAULT_PORT = 8765;

/** The usage text of `signflow serve` and `signflow site`. */
export const SERVE_USAGE = `Usage:
  signflow serve [DIR ...] [--port P] [--host H] [--open]
      a page over the run directories and benchmark folders under DIR (default runs/): the runs
      table and their curves (live while they train), benchmarks, the estimators, and trying a
      run's model in the browser. Binds 127.0.0.1 unless --host says otherwise.
  signflow site DIR ... --out SITE
      the same page as static files in SITE, for any static host

  --port P    port to listen on (default ${DEFAULT_PORT}; 0: any free port)
  --host H    interface to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --open      open the page in the default browser
  --out SITE  folder to write the site into (empty, or an earlier site)
`;

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${SERVE_USAGE}`);
  }
}

function folders(positionals: string[]): string[] {
  const roots = positionals.length === 0 ? ['runs'] : positionals;
  for (const root of roots) {
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new UsageError(`${root} is not a folder; pass folders holding run directories or benchmark output (default runs/, which \`signflow train\` writes).`);
    }
  }
  return roots;
}

/**
 * The built page: the web app's `dist` folder (its files are served, its code is not imported;
 * `npm ci` builds it through the root `prepare` script).
 */
function pageDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@signflow/web/package.json')), 'dist');
}

/** Maps the dashboard's input errors to usage errors (exit code 2). */
function asUsage(error: unknown): never {
  if (error instanceof PortInUseError || error instanceof SiteOutputError || error instanceof PageMissingError) throw new UsageError(error.message);
  throw error;
}

/** `signflow serve`: serves the page until Ctrl-C. */
export async function serveCommand(argv: string[], stop: StopSignal): Promise<number> {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${String(values.port)} is not a port number (0 to 65535).`);
  const roots = folders(positionals);
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  const server = await startServer({ roots, port, host, pageDir: pageDir() }).catch(asUsage);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) process.stderr.write(`signflow: listening on ${host}: whoever can reach this machine there can read these runs.\n`);
  const { runs, benches } = server.catalog.index(true);
  process.stdout.write(`Serving ${runs.length} runs and ${benches.length} benchmarks from ${roots.join(', ')} at ${server.url} (Ctrl-C to stop)\n`);
  if (values.open) {
    const problem = await openBrowser(server.url);
    if (problem !== undefined) process.stderr.write(`signflow: ${problem}; open ${server.url} yourself.\n`);
  }
  while (!stop.requested) await new Promise((resolve) => setTimeout(resolve, 200));
  await server.close();
  return 0;
}

/** `signflow site DIR --out SITE`: writes the page as static files. */
export async function siteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError(`Give the folders to publish.\n${SERVE_USAGE}`);
  if (values.out === undefined) throw new UsageError(`--out SITE is required: the folder to write the site into.\n${SERVE_USAGE}`);
  const roots = folders(positionals);
  const out = values.out as string;
  const written = await writeSite(roots, out, { pageDir: pageDir() }).catch(asUsage);
  process.stdout.write(
    `Wrote ${written.runs} runs (${written.models} with their models), ${written.benches} benchmarks and ${written.exports} packed exports to ${out}; serve that folder with any static file server.\n`,
  );
  return 0;
}
