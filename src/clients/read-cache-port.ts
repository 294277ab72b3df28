import type { ClientRecord } from './client.js';

/**
 * The port of the opt-in read cache (READ_CACHE_TTL_MS), as in-flight.ts uses it: finished
 * reads of clients, keyed by provider, credential scope and provider id, served before any
 * upstream call. Every write of a client invalidates its keys; a read that was under way during
 * a write never stores its (maybe older) answer afterwards, since each key has a generation
 * that a write moves on and a store only happens while the generation is still the one seen
 * before the read. Implemented in memory and on Redis by src/state/.
 */
export interface ReadCache {
  /** The cached client or a miss, with the key's generation now (to store a fresh read under). */
  lookup(key: string): Promise<CacheLookup>;
  /**
   * The key's generation now; null when the cache cannot be asked. A read in flight may be
   * shared only while its generation is still the current one (no write since it began, on
   * any replica).
   */
  generation(key: string): Promise<string | null>;
  /** Keeps `client` under `key` unless a write came since the lookup that gave `generation`. */
  store(key: string, generation: string, client: ClientRecord): Promise<void>;
  /** After a write: drops these keys and moves their generations on. */
  invalidate(keys: readonly string[]): Promise<void>;
}

export interface CacheLookup {
  hit?: ClientRecord;
  /** null: the cache could not be asked, so a read must not be stored either. */
  generation: string | null;
}

/** What the core counts of the read cache (the shared state's metrics extend it). */
export interface ReadCacheMetrics {
  /** Read cache lookups by result: a hit, or a miss (a lookup that failed is a miss). */
  cacheRequests: { inc(labels: { result: 'hit' | 'miss' }): void };
}
