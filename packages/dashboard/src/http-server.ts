import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import type { ChangeEvent } from './contract/types.js';
import { Catalog } from './catalog.js';
import { checkPageDir } from './page-files.js';
import { routeOf, type Route } from './routes.js';

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** Folders holding run directories and benchmark folders. */
  readonly roots: readonly string[];
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; 127.0.0.1 keeps the page on this machine. */
  readonly host: string;
  /** The built page: the folder of its index.html (the web app's dist folder). */
  readonly pageDir: string;
  /** How often files are checked for changes while a page listens for them (ms). */
  readonly pollMs?: number;
}

/** A server that {@link startServer} started. */
export interface RunningServer {
  /** The page's address, e.g. `http://127.0.0.1:8765/`. */
  readonly url: string;
  readonly port: number;
  readonly catalog: Catalog;
  /** Stops listening and ends open event streams. */
  close(): Promise<void>;
}

/** Thrown when the port is taken; the message says to choose another. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use; choose another with --port (or --port 0 for any free port)`);
    this.name = 'PortInUseError';
  }
}

/** A refresh younger than this is not repeated (files are checked once per page load, not once per document). */
const REUSE_REFRESH_MS = 250;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

function sendJson(res: ServerResponse, status: number, value: unknown, head: boolean): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function notFound(res: ServerResponse, head: boolean, what = 'not found'): void {
  sendJson(res, 404, { error: what }, head);
}

/**
 * Serves the page and the documents of the runs under `roots` (see `src/api/paths.ts`), with a
 * server-sent events stream announcing changed runs. Files are served only from the built page
 * (sirv, which serves the files it listed at start) and from the run directories the catalog
 * found (looked up by id, never by a path taken from the URL).
 *
 * @throws PortInUseError when the port is taken
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const catalog = new Catalog(options.roots);
  await catalog.refresh();
  const page = sirv(checkPageDir(options.pageDir), {
    dev: false,
    etag: true,
    dotfiles: false,
    // Vite's hashed file names never change content: browsers may keep them.
    setHeaders: (res, pathname) => res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const clients = new Set<ServerResponse>();
  let refreshing: Promise<void> | null = null;

  const broadcast = (change: ChangeEvent): void => {
    if (change.runs.length === 0 && change.benches.length === 0 && !change.listing) return;
    const message = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
    for (const client of clients) client.write(message);
  };
  let refreshedAt = Date.now();
  // One refresh at a time, and none while the last is younger than REUSE_REFRESH_MS: requests
  // arriving meanwhile share it rather than start another.
  const refresh = (): Promise<void> => {
    if (refreshing === null && Date.now() - refreshedAt < REUSE_REFRESH_MS) return Promise.resolve();
    refreshing ??= catalog
      .refresh()
      .then(broadcast)
      .finally(() => {
        refreshing = null;
        refreshedAt = Date.now();
      });
    return refreshing;
  };
  // Documents are answered from the catalog as it is, and a refresh starts behind them: a page
  // over hundreds of runs need not wait for every run directory to be checked. What that refresh
  // finds reaches the page on the events stream, which greets it with the listing's version.
  const refreshLater = (): void => void refresh().catch(() => undefined);
  const timer = setInterval(() => {
    if (clients.size > 0) void refresh();
  }, options.pollMs ?? 1000);
  timer.unref();

  const handleRoute = async (route: Route, req: IncomingMessage, res: ServerResponse, head: boolean): Promise<void> => {
    switch (route.kind) {
      case 'index':
        refreshLater();
        return sendJson(res, 200, catalog.index(true), head);
      case 'run': {
        refreshLater();
        const doc = catalog.runDocument(route.id);
        return doc === undefined ? notFound(res, head, `no run ${route.id}`) : sendJson(res, 200, doc, head);
      }
      case 'bench': {
        refreshLater();
        const doc = catalog.benchDocument(route.id);
        return doc === undefined ? notFound(res, head, `no benchmark ${route.id}`) : sendJson(res, 200, doc, head);
      }
      case 'model':
      case 'export': {
        const path = route.kind === 'model' ? catalog.modelFile(route.id, route.file) : catalog.exportFile(route.id);
        if (path === undefined) return notFound(res, head, route.kind === 'model' ? `run ${route.id} has no model` : `no export ${route.id}`);
        const size = (await stat(path)).size;
        res.writeHead(200, {
          'content-type': route.kind === 'model' && route.file === 'model.json' ? 'application/json' : 'application/octet-stream',
          'content-length': size,
          'cache-control': 'no-store',
        });
        if (head) return void res.end();
        createReadStream(path).pipe(res);
        return;
      }
      case 'events':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`retry: 2000\n\nevent: hello\ndata: ${JSON.stringify({ version: catalog.version })}\n\n`);
        clients.add(res);
        refreshLater();
        req.on('close', () => clients.delete(res));
        return;
      case 'page':
        return page(req, res, () => notFound(res, head));
      case 'bad':
        return sendJson(res, 400, { error: route.reason }, head);
      case 'missing':
        return notFound(res, head);
    }
  };

  const server: Server = createServer((req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    handleRoute(routeOf(req.url ?? '/'), req, res, head).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message }, head);
      else res.destroy();
    });
  });
  // Heartbeats keep proxies and browsers from dropping a quiet stream.
  const heartbeat = setInterval(() => clients.forEach((c) => c.write(': ping\n\n')), 15_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.host, options.port) : error));
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}/`,
    port,
    catalog,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        clearInterval(heartbeat);
        for (const client of clients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
