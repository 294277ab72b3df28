import { Redis } from 'ioredis';

/**
 * The one Redis connection of the process, shared by every store. Commands fail at once while
 * it is down (no offline queue, a command timeout): a request must not hang on Redis, and
 * each store decides what a failure means (reads go on, protected writes are refused).
 */

export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

const COMMAND_TIMEOUT_MS = 2000;

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 5000,
    // Reconnect for ever, backing off to a try every 2 s: Redis coming back heals the service.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // Errors are reported where commands fail; without a listener ioredis would print each one.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new RedisUnreachableError(`Cannot reach Redis at ${redactedUrl(url)} (${reason})`);
  }
  return redis;
}

/** The URL without its password (and user name), for logs and errors. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = parsed.password ? parsed.username : '***';
    return parsed.toString();
  } catch {
    return '(a malformed REDIS_URL)';
  }
}

/** Whether Redis answers a PING now (readiness). */
export async function redisAnswers(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
