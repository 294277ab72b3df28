import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { KEY_PREFIX } from './keys.js';
import type { StateMetrics } from './metrics.js';
import { timed, type RedisClient } from './redis.js';

/**
 * How long an APQ entry is kept when Apollo names no ttl (server/apollo.ts sets this one too): anyone
 * can register queries, so no entry may stay for ever.
 */
export const APQ_TTL_SECONDS = 24 * 60 * 60;

/** The largest query one registration may keep (a document padded with comments is refused). */
export const APQ_MAX_ENTRY_BYTES = 64 * 1024;

/**
 * The three keys of the APQ space, in one Redis Cluster slot: queries (a hash), when each
 * expires (a sorted set, oldest first) and the bytes held.
 */
const SPACE = [`${KEY_PREFIX}apq:{apq}:q`, `${KEY_PREFIX}apq:{apq}:t`, `${KEY_PREFIX}apq:{apq}:b`];

/** Shared by the scripts: drops one entry and its bytes. */
const DROP = `
local function drop(f)
  local old = redis.call('HGET', KEYS[1], f)
  if old then redis.call('DECRBY', KEYS[3], #old + #f) end
  redis.call('HDEL', KEYS[1], f)
  redis.call('ZREM', KEYS[2], f)
end`;

/**
 * Keeps ARGV[2] under ARGV[1] until ARGV[3] (ms); ARGV[4] is now, ARGV[5] the budget in bytes.
 * Expired entries go first, then the soonest to expire until the new one fits: the space never
 * holds more than its budget, whatever anyone registers.
 */
const SET_WITHIN_BUDGET = `${DROP}
local now, budget = tonumber(ARGV[4]), tonumber(ARGV[5])
for _, f in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 64)) do drop(f) end
drop(ARGV[1])
local size = #ARGV[1] + #ARGV[2]
if size > budget then return 0 end
while tonumber(redis.call('GET', KEYS[3]) or '0') + size > budget do
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
  if not oldest then redis.call('SET', KEYS[3], 0) break end
  drop(oldest)
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('INCRBY', KEYS[3], size)
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')[2]
local ttl = math.max(1, tonumber(last) - now)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return 1`;

/** The query under ARGV[1] unless it expired (ARGV[2]: now). */
const GET_LIVE = `
local expires = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not expires or tonumber(expires) <= tonumber(ARGV[2]) then return false end
return redis.call('HGET', KEYS[1], ARGV[1])`;

const DELETE = `${DROP}
local had = redis.call('HEXISTS', KEYS[1], ARGV[1])
drop(ARGV[1])
return had`;

/**
 * Apollo Server's cache (automatic persisted queries) on the shared Redis: a space of its own
 * bounded by APQ_REDIS_MAX_BYTES (enforced by the scripts above, not left to Redis's
 * eviction), so anonymous registrations can never take the memory idempotency keys and locks
 * need, nor push them out. A failing Redis is a miss: the client then sends the whole query,
 * as after any APQ miss.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: RedisClient, private readonly metrics: StateMetrics, private readonly budgetBytes: number) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return ((await timed(this.redis.eval(GET_LIVE, 3, ...SPACE, key, Date.now()))) as string | null) ?? undefined;
    } catch {
      this.metrics.redisErrors.inc({ store: 'apq' });
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    // Not kept at all: the caller sends the whole query next time, as after any miss.
    if (Buffer.byteLength(value) > APQ_MAX_ENTRY_BYTES) return;
    try {
      // Apollo's ttl is in seconds; none (or null, "for ever") gets the default: every entry expires.
      const ttlMs = Math.round((options?.ttl || APQ_TTL_SECONDS) * 1000);
      const now = Date.now();
      await timed(this.redis.eval(SET_WITHIN_BUDGET, 3, ...SPACE, key, value, now + ttlMs, now, this.budgetBytes));
    } catch {
      this.metrics.redisErrors.inc({ store: 'apq' });
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await timed(this.redis.eval(DELETE, 3, ...SPACE, key))) === 1;
    } catch {
      this.metrics.redisErrors.inc({ store: 'apq' });
      return false;
    }
  }
}
