import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { StateMetrics } from './metrics.js';
import { timed } from './redis.js';

/**
 * How long an APQ entry is kept when Apollo names no ttl (server.ts sets this one too): anyone
 * can register queries, so no entry may stay for ever.
 */
export const APQ_TTL_SECONDS = 24 * 60 * 60;

/**
 * Apollo Server's cache (automatic persisted queries) on the shared Redis connection. A
 * failing Redis is a miss: the client then sends the whole query, as after any APQ miss.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: Redis, private readonly metrics: StateMetrics, private readonly prefix = 'clients-graph:kv:') {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await timed(this.redis.get(this.prefix + key))) ?? undefined;
    } catch {
      this.metrics.redisErrors.inc({ store: 'apq' });
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    try {
      // Apollo's ttl is in seconds; none (or null, "for ever") gets the default: every key of
      // ours on Redis expires.
      const ttl = options?.ttl || APQ_TTL_SECONDS;
      await timed(this.redis.set(this.prefix + key, value, 'PX', Math.round(ttl * 1000)));
    } catch {
      this.metrics.redisErrors.inc({ store: 'apq' });
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await timed(this.redis.del(this.prefix + key))) > 0;
    } catch {
      this.metrics.redisErrors.inc({ store: 'apq' });
      return false;
    }
  }
}
