import { Redis, type RedisOptions } from 'ioredis';
import { UsageError } from '../errors.js';
import type { RedisTarget } from './redis-url.js';

/** How long the first connection may take before the URL is reported as unreachable. */
const FIRST_CONNECT_MS = 5_000;

/**
 * The Redis connections of one command. The first one checks the URL (reachable, password, TLS)
 * and fails with a clear message; after that, every connection reconnects on its own for as long
 * as Redis is away (a restart, a network blip), and commands wait for it instead of failing, so
 * a worker keeps training and a submitter keeps waiting. An outage is reported once, and so is
 * its end.
 */
export class RedisClients {
  private readonly clients: Redis[] = [];
  private down = false;
  /** Outages are reported only once the URL is known to work. */
  private checked = false;

  constructor(
    readonly target: RedisTarget,
    private readonly say: (line: string) => void,
  ) {}

  /** Connects once to check the URL; throws a UsageError saying what is wrong. */
  async check(): Promise<Redis> {
    const client = this.open();
    try {
      await firstConnection(client, this.target);
    } catch (error) {
      await this.close();
      throw error;
    }
    this.checked = true;
    return client;
  }

  /** A new connection: BullMQ's queues, workers and event readers each need their own. */
  open(): Redis {
    const client = new Redis(connectionOptions(this.target));
    client.on('error', (error: Error) => this.lost(error));
    client.on('ready', () => this.back());
    this.clients.push(client);
    return client;
  }

  /** Reports an error of a connection (also BullMQ's, whose blocking connections are its own). */
  lost(error: Error): void {
    if (this.down || !this.checked) return;
    this.down = true;
    this.say(`Lost the connection to Redis at ${this.target.display} (${error.message}); reconnecting…`);
  }

  private back(): void {
    if (!this.down) return;
    this.down = false;
    this.say(`Reconnected to Redis at ${this.target.display}.`);
  }

  /**
   * Closes every connection (after BullMQ's objects are closed). A plain disconnect: a QUIT would
   * wait for a connection that never became ready.
   */
  async close(): Promise<void> {
    for (const client of this.clients.splice(0)) client.disconnect();
  }
}

/**
 * ioredis settings: null `maxRetriesPerRequest` (BullMQ requires it for blocking commands, and
 * commands then wait out an outage), and a quick, bounded reconnection backoff so a Redis
 * restart costs seconds, not minutes.
 */
function connectionOptions(target: RedisTarget): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.tls ? { tls: { servername: target.host } } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(250 * times, 2_000),
    connectionName: 'signflow',
  };
}

/** Waits for `client` to be ready; a refused password fails at once, anything else after {@link FIRST_CONNECT_MS}. */
function firstConnection(client: Redis, target: RedisTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    let last: Error | undefined;
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onReady = () => done();
    const onError = (error: Error) => {
      last = error;
      // Credentials and certificates are refused the same way on every retry: say so at once.
      if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(error.message)) {
        done(new UsageError(`Redis at ${target.display} refused the credentials (${error.message}). Check the user and password in the URL or in SIGNFLOW_REDIS_URL.`));
      } else if (target.tls && /certificate|self[- ]signed/i.test(error.message)) {
        done(
          new UsageError(
            `Cannot verify the TLS certificate of Redis at ${target.display} (${error.message}). ` +
              "To trust a private certificate authority, set NODE_EXTRA_CA_CERTS=/path/to/ca.crt; the certificate must name the URL's host.",
          ),
        );
      }
    };
    const timer = setTimeout(() => {
      const reason = last === undefined ? `no answer within ${FIRST_CONNECT_MS / 1000} s` : last.message;
      done(
        new UsageError(
          `Cannot reach Redis at ${target.display} (${reason}). Check the URL, that redis-server runs and listens on that address and port` +
            `${target.tls ? ' with TLS' : ' without TLS (use rediss:// for TLS)'}, and that no firewall is in the way.`,
        ),
      );
    }, FIRST_CONNECT_MS);
    client.on('ready', onReady);
    client.on('error', onError);
    if (client.status === 'ready') done();
  });
}
