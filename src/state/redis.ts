import { Cluster, Redis } from 'ioredis';
import { tracedRedisCommand, tracingOn } from '../observability/tracing.js';
import { ServiceError } from '../clients/errors.js';

/** A single Redis or a Redis Cluster: every store works on either. */
export type RedisClient = Redis | Cluster;

/**
 * The one Redis connection of the process, shared by every store. Commands fail at once while
 * it is down (no offline queue) and after COMMAND_TIMEOUT_MS when it hangs (timed()): a request
 * must not hang on Redis, and each store decides what a failure means (reads go on, protected
 * writes are refused).
 */

export class RedisUnreachableError extends ServiceError {
  override readonly name = 'RedisUnreachableError';
  constructor(message: string) {
    super('REDIS_UNREACHABLE', message);
  }
}

const COMMAND_TIMEOUT_MS = 2000;

/**
 * A Redis command that fails after COMMAND_TIMEOUT_MS. (ioredis's own commandTimeout keeps a
 * live timer for every command refused while offline, holding the process for that long.)
 */
export function timed<T>(command: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('Redis command timed out')), COMMAND_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([command, timeout]).finally(() => clearTimeout(timer));
}

/** Deletes the key only while it still holds our (unique) value: once another holds it, it stays theirs. */
export const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Takes back a SET of our unique `value` that may have landed after timed() gave up on it (the
 * caller was told it failed). Sent on the same connection, it runs after that SET; never throws.
 */
export function takeBack(redis: RedisClient, key: string, value: string): void {
  redis.eval(COMPARE_AND_DELETE, 1, key, value).catch(() => undefined);
}

/** What every connection of ours has: fail at once while down, reconnect for ever. */
const CONNECTION = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 5000,
  // How long disconnect() waits for a socket to close before destroying it: ioredis keeps
  // that timer even for a socket already gone (a refused connection), holding the process.
  disconnectTimeout: 100,
} as const;

/**
 * A Redis Cluster from its seed nodes (REDIS_CLUSTER_NODES): ioredis finds the others and
 * follows MOVED/ASK. A password and TLS come from a node given as a redis:// or rediss:// URL.
 */
export async function connectCluster(nodes: string[]): Promise<Cluster> {
  const url = nodes.map((node) => (/^rediss?:\/\//.test(node) ? new URL(node) : null)).find(Boolean);
  const seeds = nodes.map((node) => {
    const { hostname, port } = new URL(/^rediss?:\/\//.test(node) ? node : `redis://${node}`);
    return { host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) };
  });
  const cluster = new Cluster(seeds, {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
    redisOptions: {
      ...CONNECTION,
      ...(url?.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url?.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url?.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
  let lastError: NodeJS.ErrnoException | undefined;
  cluster.on('error', (error: NodeJS.ErrnoException) => { lastError = error; });
  cluster.on('node error', (error: NodeJS.ErrnoException) => { lastError = error; });
  try {
    await timed(cluster.connect());
    await timed(cluster.ping());
  } catch (error) {
    cluster.disconnect();
    const cause = lastError ?? (error as NodeJS.ErrnoException);
    const shown = nodes.map((node) => (/^rediss?:\/\//.test(node) ? redactedUrl(node) : node)).join(',');
    throw new RedisUnreachableError(`Cannot reach the Redis Cluster at ${shown} (${cause.code ?? cause.message})`);
  }
  if (tracingOn()) traceCommands(cluster);
  return cluster;
}

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    ...CONNECTION,
    // Reconnect for ever, backing off to a try every 2 s: Redis coming back heals the service.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // Errors are reported where commands fail; without a listener ioredis would print each one.
  let lastError: NodeJS.ErrnoException | undefined;
  redis.on('error', (error: NodeJS.ErrnoException) => { lastError = error; });
  try {
    await redis.connect();
    await timed(redis.ping());
  } catch (error) {
    redis.disconnect();
    // The socket's own error (ECONNREFUSED, ENOTFOUND, an auth refusal) says more than "closed".
    const cause = lastError ?? (error as NodeJS.ErrnoException);
    const reason = cause.code ?? cause.message;
    throw new RedisUnreachableError(`Cannot reach Redis at ${redactedUrl(url)} (${reason})`);
  }
  if (tracingOn()) traceCommands(redis);
  return redis;
}

/**
 * A span per command, made where ioredis sends every command (as OpenTelemetry's ioredis
 * instrumentation patches it), in the caller's trace: the command's name only, since keys
 * hold credential fingerprints and client ids.
 */
function traceCommands(redis: RedisClient): void {
  type Command = { name: string; promise: Promise<unknown> };
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  (redis as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    void tracedRedisCommand(command.name, () => command.promise).catch(() => undefined);
    return send(command, ...rest);
  };
}

/** Query parameters that never hold a secret; any other value is masked. */
const SAFE_PARAMETERS = new Set(['db', 'family', 'tls', 'connectTimeout', 'keyPrefix']);

/**
 * The URL without its password (and user name), for logs and errors: in its user part or
 * in its query (`?password=…`, which ioredis reads too); query values not known to be safe
 * are masked, and a fragment dropped.
 */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = parsed.password ? parsed.username : '***';
    const query = [...parsed.searchParams.keys()].map((name) => (SAFE_PARAMETERS.has(name)
      ? `${encodeURIComponent(name)}=${encodeURIComponent(parsed.searchParams.get(name)!)}`
      : `${encodeURIComponent(name)}=***`));
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString() + (query.length ? `?${[...new Set(query)].join('&')}` : '');
  } catch {
    return '(a malformed REDIS_URL)';
  }
}

/** Whether Redis answers a PING now (readiness). */
export async function redisAnswers(redis: RedisClient): Promise<boolean> {
  try {
    return (await timed(redis.ping())) === 'PONG';
  } catch {
    return false;
  }
}
