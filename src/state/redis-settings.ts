import type { Redis } from 'ioredis';
import type { Log } from '../clients/scope.js';
import { ServiceError } from '../clients/errors.js';
import { timed } from './redis.js';

/**
 * The Redis settings the service depends on, checked at boot: with a memory limit, only
 * `maxmemory-policy noeviction` keeps idempotency keys and locks until their ttl (every other
 * policy may evict them: `volatile-*` picks among keys with a ttl, which all of ours have, so
 * a retried create would POST twice). Managed Redis often refuses CONFIG: then the boot log
 * says loudly what to check, since the service cannot.
 */

export class RedisSettingsError extends ServiceError {
  override readonly name = 'RedisSettingsError';
  constructor(message: string) {
    super('REDIS_SETTINGS_UNSAFE', message);
  }
}

/** What one node says; null when it refused CONFIG GET. */
export async function evictionOf(node: Redis): Promise<{ policy: string; maxmemory: number } | null> {
  try {
    const [, policy] = await timed(node.config('GET', 'maxmemory-policy')) as string[];
    const [, maxmemory] = await timed(node.config('GET', 'maxmemory')) as string[];
    if (policy === undefined || maxmemory === undefined) return null;
    return { policy, maxmemory: Number(maxmemory) };
  } catch {
    return null;
  }
}

/** Whether idempotency keys on a node with these settings could be evicted before their ttl. */
export function mayEvict(settings: { policy: string; maxmemory: number }): boolean {
  return settings.maxmemory > 0 && settings.policy !== 'noeviction';
}

/**
 * Refuses the boot when a node may evict (unless `allowEviction`, REDIS_ALLOW_EVICTION=true,
 * which logs it as an error instead); warns when a node would not say.
 */
export async function checkEviction(nodes: Redis[], allowEviction: boolean, log: Log): Promise<void> {
  const found = await Promise.all(nodes.map(evictionOf));
  if (found.some((settings) => settings === null)) {
    log.warn('Redis refused CONFIG GET maxmemory-policy (as managed Redis often does), so the service cannot check it: '
      + 'make sure it is noeviction (or that there is no maxmemory). Any other policy may evict idempotency keys and update '
      + 'locks, and a retried create would then be sent twice');
  }
  const risky = found.find((settings) => settings !== null && mayEvict(settings));
  if (!risky) return;
  const problem = `Redis has maxmemory-policy ${risky.policy} with maxmemory ${risky.maxmemory}: it may evict idempotency keys and update locks `
    + 'before their time, and a retried create would then be sent twice. Set maxmemory-policy noeviction';
  if (!allowEviction) throw new RedisSettingsError(`${problem} (or REDIS_ALLOW_EVICTION=true to run anyway)`);
  log.error({ maxmemoryPolicy: risky.policy }, `${problem}. Running anyway (REDIS_ALLOW_EVICTION=true)`);
}
