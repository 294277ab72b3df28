import { randomUUID } from 'node:crypto';
import { StateUnavailableError, UpdateBusyError } from '../clients/errors.js';
import type { StateMetrics } from './metrics.js';
import { redisKey } from './keys.js';
import { COMPARE_AND_DELETE, takeBack, timed, type RedisClient } from './redis.js';
import type { Release, UpdateLock } from '../clients/update-lock-port.js';

/** How often a waiting update looks whether the lock is free (jittered). */
const POLL_MS = 15;

/**
 * The update lock across replicas: SET NX PX with a random token, polled while taken,
 * released by a Lua compare-and-delete so only its owner frees it. Past its ttl (longer than
 * any update can take) a lock whose owner died frees itself.
 */
export class RedisUpdateLock implements UpdateLock {
  constructor(
    private readonly redis: RedisClient,
    private readonly metrics: StateMetrics,
    /** Told when a lock was gone at release: the epoch looks whether Redis lost its data. */
    private readonly lost?: () => void,
  ) {}

  async acquire(key: string, ttlMs: number): Promise<Release> {
    const name = redisKey('lock', key);
    const token = randomUUID();
    // A waiter gives up after a whole ttl: by then every holder before it has finished or expired.
    const giveUp = Date.now() + ttlMs;
    let waited = false;
    while (!(await this.take(name, token, ttlMs))) {
      if (!waited) this.metrics.lockWaits.inc();
      waited = true;
      if (Date.now() > giveUp) throw new UpdateBusyError(ttlMs);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS * (0.5 + Math.random())));
    }
    return async () => {
      try {
        // 0: the lock was not ours any more (Redis lost its data, or the ttl ran out).
        if ((await timed(this.redis.eval(COMPARE_AND_DELETE, 1, name, token))) === 1) return true;
        this.lost?.();
        return false;
      } catch {
        // If Redis is gone now, the lock expires by itself; the update has happened either way.
        this.metrics.redisErrors.inc({ store: 'lock' });
        return true;
      }
    };
  }

  private async take(name: string, token: string, ttlMs: number): Promise<boolean> {
    try {
      return (await timed(this.redis.set(name, token, 'PX', ttlMs, 'NX'))) === 'OK';
    } catch {
      // The lock may have been taken after we stopped waiting: release it if it is ours, or
      // the next update of this client would wait out its ttl for nothing.
      takeBack(this.redis, name, token);
      this.metrics.redisErrors.inc({ store: 'lock' });
      throw new StateUnavailableError('update');
    }
  }
}
