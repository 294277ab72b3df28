import type { ClientRecord, Provider } from './client.js';
import type { ProviderApi } from './provider.js';
import { sharedKey, type RequestScope } from './scope.js';
import type { ReadCache } from '../state/read-cache.js';
import type { StateMetrics } from '../state/metrics.js';

/**
 * Reads in flight across requests: a request that needs a client while another request with
 * the same credentials is already fetching it shares that fetch. Finished answers are kept
 * only by the opt-in read cache (READ_CACHE_TTL_MS), looked up before any upstream call, and a
 * write drops its client's entry from both, so no read begun after a write is answered from
 * before it.
 */
export class InFlightReads {
  private readonly reads = new Map<string, Promise<ClientRecord | null>>();

  constructor(private readonly cache: ReadCache | null = null, private readonly metrics?: StateMetrics) {}

  /** `fresh`: a read-merge-write's read under its lock: no joining, no cache. */
  get(provider: ProviderApi, id: string, scope: RequestScope, fresh = false): Promise<ClientRecord | null> {
    const key = sharedKey(scope, provider.facts.id, id);
    let read = fresh ? undefined : this.reads.get(key);
    if (!read) {
      // Without the read cache (or for a fresh read), straight to the provider: no async step of our own.
      const fetched = this.cache && !fresh ? this.cached(provider, id, scope, key) : provider.get(id, scope);
      const started: Promise<ClientRecord | null> = fetched.finally(() => {
        if (this.reads.get(key) === started) this.reads.delete(key);
      });
      this.reads.set(key, started);
      read = started;
    }
    return read;
  }

  forget(provider: Provider, id: string, scope: RequestScope): void {
    this.reads.delete(sharedKey(scope, provider, id));
  }

  /** After a write (made or failed) of a client known by these ids: nothing from before it is served again. */
  async written(provider: Provider, ids: readonly string[], scope: RequestScope): Promise<void> {
    for (const id of ids) this.forget(provider, id, scope);
    await this.cache?.invalidate(ids.map((id) => sharedKey(scope, provider, id)));
  }

  private async cached(provider: ProviderApi, id: string, scope: RequestScope, key: string): Promise<ClientRecord | null> {
    const cache = this.cache!;
    const cached = await cache.lookup(key);
    if (cached.hit) {
      this.metrics?.cacheRequests.inc({ result: 'hit' });
      return cached.hit;
    }
    this.metrics?.cacheRequests.inc({ result: 'miss' });
    const client = await provider.get(id, scope);
    // Only clients are kept: "no such client" may change with the next create.
    if (client && cached.generation !== null) await cache.store(key, cached.generation, client);
    return client;
  }
}
