import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { StateMetrics } from './metrics.js';
import { timed } from './redis.js';

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
      // Apollo's ttl is in seconds; none means no expiry.
      if (options?.ttl) await timed(this.redis.set(this.prefix + key, value, 'PX', Math.round(options.ttl * 1000)));
      else await timed(this.redis.set(this.prefix + key, value));
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
