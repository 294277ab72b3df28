import type { Redis } from 'ioredis';
import { StateUnavailableError } from './errors.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { StateMetrics } from './metrics.js';
import { redisKey } from './keys.js';
import { takeBack, timed } from './redis.js';

/** Replaces (or deletes, for an empty ARGV[2]) the value only if it still is ARGV[1]. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

/** Idempotency keys shared by every replica: SET NX PX claims, a Lua compare-and-set settles. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: Redis, private readonly metrics: StateMetrics) {}

  get(key: string): Promise<string | undefined> {
    return this.call(async () => (await timed(this.redis.get(redisKey('idem', key)))) ?? undefined);
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await timed(this.redis.set(redisKey('idem', key), value, 'PX', ttlMs, 'NX'))) === 'OK', () => {
      // The claim may have landed after we stopped waiting: the create was refused as not
      // attempted, so take back our own claim, or a retry would meet a pending key and then an
      // in-doubt one.
      takeBack(this.redis, redisKey('idem', key), value);
    });
  }

  compareAndSet(key: string, expected: string, next: string | null, ttlMs: number): Promise<boolean> {
    return this.call(async () => (await timed(this.redis.eval(COMPARE_AND_SET, 1, redisKey('idem', key), expected, next ?? '', ttlMs))) === 1);
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
