import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** The Redis the queue tests use, as `.ci/run` exports it (a redis-server on a free loopback port). */
export const TEST_REDIS_URL_ENV = 'SIGNFLOW_TEST_REDIS_URL';

/** Whether `redis-server` can be started here (the outage, password and TLS tests start their own). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A certificate authority and a server certificate for `localhost` and 127.0.0.1 (made with openssl), in `dir`. */
export interface TestCertificates {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Makes {@link TestCertificates} with the openssl command; `undefined` when openssl is missing. */
export function makeCertificates(dir: string): TestCertificates | undefined {
  const run = (...args: string[]) => spawnSync('openssl', args, { cwd: dir, stdio: 'ignore' }).status === 0;
  if (!run('version')) return undefined;
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const made =
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=signflow test CA') &&
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost') &&
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.cnf');
  if (!made) throw new Error(`openssl could not make test certificates in ${dir}`);
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

/**
 * Says why a Redis test cannot run: under CI (`CI` set) that is a failure, never a silent skip;
 * elsewhere the test is skipped with the reason printed. Returns whether the tests can run.
 */
export function requireRedis(what: string, available: boolean, reason: string): boolean {
  if (available) return true;
  if (process.env['CI']) throw new Error(`${what} need Redis and CI is set, but ${reason}.`);
  process.stderr.write(`Skipping ${what}: ${reason}.\n`);
  return false;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A private redis-server for one test, with an append-only file so that stopping and starting it
 * again keeps its data, as a production Redis configured for BullMQ does.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'signflow-redis-'));

  constructor(
    readonly port: number,
    private readonly options: { readonly password?: string; readonly tls?: TestCertificates } = {},
  ) {}

  static async start(options: { readonly password?: string; readonly tls?: TestCertificates } = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), options);
    await redis.start();
    return redis;
  }

  /** Starts (or starts again) the server and waits until it answers. */
  async start(): Promise<void> {
    const { password, tls } = this.options;
    const listen = tls === undefined ? ['--port', String(this.port)] : ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no'];
    const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', this.dir, ...(password === undefined ? [] : ['--requirepass', password])];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const client = new Redis({
        port: this.port,
        host: '127.0.0.1',
        password,
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
        ...(tls === undefined ? {} : { tls: { ca: readFileSync(tls.ca), servername: 'localhost' } }),
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        client.disconnect();
      }
    }
  }

  /** Stops the server (SIGTERM: it writes its data out first) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
