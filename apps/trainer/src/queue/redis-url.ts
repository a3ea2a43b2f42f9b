import { UsageError } from '../errors.js';

/** The environment variable that gives the Redis URL when `--queue` names none (keeps a password out of `ps`). */
export const REDIS_URL_ENV = 'SIGNFLOW_REDIS_URL';

/** Where a queue lives: a Redis server, its database, credentials and whether to use TLS. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** `rediss://`: connect over TLS (the server's certificate is verified). */
  readonly tls: boolean;
  /** The URL with its password masked, for messages and logs. */
  readonly display: string;
}

const FORM = 'redis://[USER:PASSWORD@]HOST:PORT[/DB], or rediss://… for TLS';
const DEFAULT_PORT = 6379;

/**
 * Parses a Redis URL given to `--queue` (or in {@link REDIS_URL_ENV}). Anything that is not a
 * plain `redis://` or `rediss://` URL is refused here, with a message that never repeats the
 * password, so a typo fails before any connection is tried.
 */
export function parseRedisUrl(text: string, what = '--queue'): RedisTarget {
  const refuse = (why: string): never => {
    throw new UsageError(`${what} ${maskPassword(text)}: ${why}. Give a Redis URL: ${FORM}.`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('not a URL');
  }
  const tls = url.protocol === 'rediss:';
  if (url.protocol !== 'redis:' && !tls) refuse(`the scheme is '${url.protocol.replace(/:$/, '')}', not redis or rediss`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') refuse('no host');
  if (url.search !== '' || url.hash !== '') refuse('a Redis URL takes no query (?…) or fragment (#…)');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) refuse(`the path '/${path}' is not a database number`);
  const db = path === '' ? 0 : Number(path);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const credentials = username === undefined && password === undefined ? '' : `${url.username}${password === undefined ? '' : ':***'}@`;
  const display = `${url.protocol}//${credentials}${url.hostname}:${port}${db === 0 ? '' : `/${db}`}`;
  return { host, port, db, tls, display, ...(username === undefined ? {} : { username }), ...(password === undefined ? {} : { password }) };
}

/**
 * The Redis URL a command was given: `--queue URL`, or, for `--queue` without a URL (an empty
 * value), the URL in {@link REDIS_URL_ENV}. `undefined` when `--queue` was not given.
 */
export function queueUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): RedisTarget | undefined {
  if (flag === undefined) return undefined;
  if (flag !== '') return parseRedisUrl(flag);
  const fromEnv = env[REDIS_URL_ENV];
  if (fromEnv === undefined || fromEnv === '') throw new UsageError(`--queue was given without a URL and ${REDIS_URL_ENV} is not set: pass --queue ${FORM}, or set ${REDIS_URL_ENV}.`);
  return parseRedisUrl(fromEnv, REDIS_URL_ENV);
}

/** `text` with the password of a `scheme://user:password@` prefix masked. */
export function maskPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
