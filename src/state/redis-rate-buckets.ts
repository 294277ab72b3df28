import type { Provider } from '../clients/client.js';
import { CredentialIds } from '../clients/credential-ids.js';
import type { RateLimit } from '../clients/provider.js';
import type { Log } from '../clients/scope.js';
import type { ProviderSettings } from '../clients/settings.js';
import { MemoryRateBuckets } from './memory-rate-buckets.js';
import type { StateMetrics } from './metrics.js';
import { rateBucketKey, type RateBuckets, type TakeResult } from './rate-buckets.js';
import { redisKey } from './keys.js';
import { timed, type RedisClient } from './redis.js';

/**
 * The same buckets as rate-buckets.ts's takeToken() and pauseBucket(), run by Redis in one
 * script each, so every replica takes from one bucket atomically. Time is Redis's own (TIME):
 * replicas' clocks may differ, the bucket's must not. Fields: `t` tokens, `a` their time (ms).
 */
const REFILL = `
local rate = tonumber(ARGV[1]) / 1000
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(saved[1]) or burst
local at = tonumber(saved[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate)
  at = now
end
local function keep(t, a)
  redis.call('HSET', KEYS[1], 't', tostring(t), 'a', tostring(a))
  -- Kept until it is full again (an idle full bucket is the same as none), and a second more.
  redis.call('PEXPIRE', KEYS[1], math.max(0, a - now) + math.ceil((burst - t) / rate) + 1000)
end
`;

/** ARGV: perSecond, burst, maxWaitMs. Returns {taken (1/0), waitMs}. */
const TAKE = `${REFILL}
tokens = tokens - 1
local wait = at - now
if tokens < 0 then wait = wait - tokens / rate end
wait = math.ceil(wait)
if wait > tonumber(ARGV[3]) then return {0, wait} end
keep(tokens, at)
return {1, wait}`;

/** ARGV: perSecond, burst, pauseMs. */
const PAUSE = `${REFILL}
keep(math.min(tokens, 0), math.max(at, now + tonumber(ARGV[3])))
return 1`;

/**
 * Rate buckets on Redis, shared by every replica. Their keys hold credential ids (HMACs, see
 * clients/credential-ids.ts) under the key material every replica of a deployment derives from
 * the Redis epoch marker (keys.ts, epoch.ts), so
 * replicas name a credential's bucket alike and another deployment's never meets it.
 * When Redis fails, a call takes from this replica's own bucket instead (fails open to the
 * budget of one replica): the budget is a courtesy to the provider, not worth failing calls.
 */
export class RedisRateBuckets implements RateBuckets {
  private readonly fallback: MemoryRateBuckets;
  private readonly ids: CredentialIds;
  /** When the last failure was logged: one line per 10 s while Redis is down, not one per call. */
  private loggedAt = 0;

  constructor(
    private readonly redis: RedisClient,
    /** The deployment's key material (the epoch marker's salt, with STATE_KEY_SECRET). */
    material: () => Buffer,
    private readonly metrics: StateMetrics,
    private readonly log: Log,
  ) {
    this.ids = new CredentialIds(material);
    // Takes and pauses by the keys made here (it names no bucket of its own).
    this.fallback = new MemoryRateBuckets(material);
  }

  keyOf(provider: Provider, settings: ProviderSettings): string {
    // One key per bucket: its own hash tag, so the script's one key is in one Cluster slot.
    return redisKey('rate', rateBucketKey(provider, this.ids.of(provider, settings)));
  }

  async take(key: string, limit: RateLimit, maxWaitMs: number): Promise<TakeResult> {
    try {
      const [taken, waitMs] = await timed(this.redis.eval(TAKE, 1, key, limit.perSecond, limit.burst, Math.floor(maxWaitMs))) as [number, number];
      return { taken: taken === 1, waitMs };
    } catch (error) {
      this.failed(error);
      return this.fallback.take(key, limit, maxWaitMs);
    }
  }

  async pause(key: string, limit: RateLimit, pauseMs: number): Promise<void> {
    await this.fallback.pause(key, limit, pauseMs);
    try {
      await timed(this.redis.eval(PAUSE, 1, key, limit.perSecond, limit.burst, Math.ceil(pauseMs)));
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.metrics.redisErrors.inc({ store: 'rate' });
    if (Date.now() - this.loggedAt < 10_000) return;
    this.loggedAt = Date.now();
    this.log.warn({ err: (error as Error).message }, 'rate budget: Redis failed; this replica uses its own bucket meanwhile');
  }
}
