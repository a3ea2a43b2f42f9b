import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { workspaceRoot } from '../publish/packages.mjs';

/** The Verdaccio configuration: local packages only (no uplink), on loopback, one user. */
function config(dir: string): string {
  return `# Written by tools/registry-e2e for one run; deleted with it.
storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
uplinks: {}
packages:
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
web:
  enable: false
max_body_size: 200mb
log: { type: stdout, format: pretty, level: warn }
`;
}

/**
 * A Verdaccio registry for one run: its storage and configuration in `dir`, listening on a free
 * loopback port, holding only what is published to it. {@link stop} ends it; it is also killed
 * when this process exits, whatever the reason.
 */
export class ThrowawayRegistry {
  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:PORT/` */
    readonly url: string,
    /** A token of the registry's one user, allowed to publish. */
    readonly token: string,
  ) {}

  static async start(dir: string): Promise<ThrowawayRegistry> {
    mkdirSync(join(dir, 'storage'), { recursive: true });
    const configFile = join(dir, 'config.yaml');
    writeFileSync(configFile, config(dir));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const verdaccio = join(workspaceRoot, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
    const child = spawn(process.execPath, [verdaccio, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const kill = (): void => void child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.removeListener('exit', kill));
    try {
      await waitUntilUp(url, child, () => output);
      return new ThrowawayRegistry(child, url, await addUser(url));
    } catch (error) {
      kill();
      throw error;
    }
  }

  /** The registry's host and port as npm keys its credentials: `//127.0.0.1:PORT/`. */
  get authKey(): string {
    return this.url.replace(/^https?:/, '');
  }

  /** Stops the registry and waits for it to exit (killing it after 10 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** A TCP port that was free a moment ago on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(new URL('-/ping', url))).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Verdaccio did not answer on ${url} within 60 s:\n${output()}`);
}

/** Registers a user the way `npm adduser` does and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'signflow-e2e';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `e2e-${process.pid}-${Date.now()}`, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || body.token === undefined) throw new Error(`Verdaccio refused to add a user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}
