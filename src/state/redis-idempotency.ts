import { StateUnavailableError } from '../clients/errors.js';
import type { IdempotencyStore } from '../clients/idempotency-port.js';
import { IdempotencyQuotaError } from './errors.js';
import type { StateMetrics } from './metrics.js';
import { redisKey, splitShared } from './keys.js';
import { timed, type RedisClient } from './redis.js';

/**
 * Claims KEYS[1] for ARGV[1] (ttl ARGV[2] ms; ARGV[3] now) unless it is held (0) or its
 * credential's set of live keys, KEYS[2], holds ARGV[4] already (-1).
 */
const CLAIM = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return -1 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], tonumber(ARGV[3]) + tonumber(ARGV[2]), KEYS[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`;

/** Replaces (or deletes, for an empty ARGV[2]) the value only if it still is ARGV[1]. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1`;

/**
 * Idempotency keys shared by every replica: a Lua claim (SET NX PX within its credential's
 * quota), a Lua compare-and-set settles.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: RedisClient, private readonly metrics: StateMetrics, private readonly maxPerCredential = 1000) {}

  get(key: string): Promise<string | undefined> {
    return this.call(async () => (await timed(this.redis.get(redisKey('idem', key)))) ?? undefined);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const claimed = await this.call(async () => Number(await timed(this.redis.eval(
      CLAIM, 2, redisKey('idem', key), this.quotaKey(key), value, ttlMs, Date.now(), this.maxPerCredential,
    ))), () => {
      // The claim may have landed after we stopped waiting: the create was refused as not
      // attempted, so take back our own claim, or a retry would meet a pending key and then an
      // in-doubt one. (Sent on the same connection, it runs after that claim; its count goes too.)
      this.redis.eval(COMPARE_AND_SET, 2, redisKey('idem', key), this.quotaKey(key), value, '', 0).catch(() => undefined);
    });
    if (claimed < 0) throw new IdempotencyQuotaError(this.maxPerCredential);
    return claimed === 1;
  }

  compareAndSet(key: string, expected: string, next: string | null, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await timed(this.redis.eval(COMPARE_AND_SET, 2, redisKey('idem', key), this.quotaKey(key), expected, next ?? '', ttlMs))) === 1);
  }

  /** The set of its credential's live keys (same Cluster slot: one tag per credential). */
  private quotaKey(key: string): string {
    return redisKey('quota', splitShared(key).scope);
  }

  private async call<T>(command: () => Promise<T>, undo?: () => void): Promise<T> {
    try {
      return await command();
    } catch {
      undo?.();
      this.metrics.redisErrors.inc({ store: 'idempotency' });
      throw new StateUnavailableError('idempotent create');
    }
  }
}
