import type { ClientRecord } from '../clients/client.js';

/**
 * The opt-in read cache (READ_CACHE_TTL_MS): finished reads of clients, keyed by provider,
 * credential scope and provider id, served before any upstream call. Every write of a client
 * invalidates its keys; a read that was under way during a write never stores its (maybe
 * older) answer afterwards, since each key has a generation that a write moves on and a
 * store only happens while the generation is still the one seen before the read.
 */
export interface ReadCache {
  /** The cached client, or a miss with the generation to store the fresh read under. */
  lookup(key: string): Promise<CacheLookup>;
  /** Keeps `client` under `key` unless a write came since the lookup that gave `generation`. */
  store(key: string, generation: string, client: ClientRecord): Promise<void>;
  /** After a write: drops these keys and moves their generations on. */
  invalidate(keys: readonly string[]): Promise<void>;
}

export type CacheLookup =
  | { hit: ClientRecord }
  /** `generation` null: the cache could not be asked, so the read must not be stored either. */
  | { hit?: undefined; generation: string | null };
