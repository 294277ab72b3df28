import { Counter, type Registry } from 'prom-client';
import type { ReadCacheMetrics } from '../clients/read-cache-port.js';

/** The metrics of the shared state, on the server's registry (the core counts read cache lookups with them). */
export interface StateMetrics extends ReadCacheMetrics {
  /** Read cache lookups: hit or miss (a failed lookup counts as a miss and a Redis error). */
  cacheRequests: Counter<'result'>;
  /** Updates that found their client's lock taken and waited for it. */
  lockWaits: Counter;
  /** Redis commands that failed, by store. */
  redisErrors: Counter<'store'>;
  /** Times this replica found Redis had lost its data (the epoch marker gone). */
  dataLosses: Counter;
}

export function createStateMetrics(registry: Registry): StateMetrics {
  const registers = [registry];
  return {
    cacheRequests: new Counter({
      name: 'read_cache_requests_total', help: 'Read cache lookups by result (hit, miss).', labelNames: ['result'], registers,
    }),
    lockWaits: new Counter({
      name: 'update_lock_waits_total', help: 'Updates that waited for another update of the same client to finish.', registers,
    }),
    redisErrors: new Counter({
      name: 'redis_errors_total', help: 'Redis commands that failed, by store (idempotency, lock, read_cache, apq).',
      labelNames: ['store'], registers,
    }),
    dataLosses: new Counter({
      name: 'redis_data_loss_total', help: 'Times this replica found that Redis had lost its data (its epoch marker was gone).', registers,
    }),
  };
}
