import type { ClientRecord, Provider } from './client.js';
import type { ProviderApi } from './provider.js';
import { sharedKey, type RequestScope } from './scope.js';
import type { ReadCache, ReadCacheMetrics } from './read-cache-port.js';

/**
 * Reads in flight across requests: a request that needs a client while another request with
 * the same credentials is already fetching it shares that fetch. Finished answers are kept
 * only by the opt-in read cache (READ_CACHE_TTL_MS), looked up before any upstream call, and a
 * write drops its client's entry from both, so no read begun after a write is answered from
 * before it.
 */
/** A read under way, with the cache generation of its key when it began (see get()). */
interface SharedRead {
  read: Promise<ClientRecord | null>;
  /** undefined: a read that may not be shared across a write's check (a fresh read). */
  generation: Promise<string | null | undefined>;
}

const NO_GENERATION: Promise<undefined> = Promise.resolve(undefined);
const ignoreGeneration = (): void => undefined;

export class InFlightReads {
  private readonly reads = new Map<string, SharedRead>();

  constructor(private readonly cache: ReadCache | null = null, private readonly metrics?: ReadCacheMetrics) {}

  /**
   * `fresh`: a read-merge-write's read under its lock: no joining, no cache.
   *
   * A write on this process drops the key's read in flight (written()), but a write on
   * another replica cannot. So with the read cache on, a read joins one in flight only if the
   * key's generation (moved on by every write, on any replica) is still the one that read saw
   * before it called the provider: one cheap lookup per joining read, none when nothing is in
   * flight. Then no read that starts after a write returned gets the client from before it.
   */
  get(provider: ProviderApi, id: string, scope: RequestScope, fresh = false): Promise<ClientRecord | null> {
    const key = sharedKey(scope, provider.facts.id, id);
    const running = fresh ? undefined : this.reads.get(key);
    if (!running) return this.start(provider, id, scope, key, fresh);
    if (!this.cache) return running.read;
    return this.joinIfUnwritten(this.cache, running, provider, id, scope, key);
  }

  forget(provider: Provider, id: string, scope: RequestScope): void {
    this.reads.delete(sharedKey(scope, provider, id));
  }

  /** After a write (made or failed) of a client known by these ids: nothing from before it is served again. */
  async written(provider: Provider, ids: readonly string[], scope: RequestScope): Promise<void> {
    for (const id of ids) this.forget(provider, id, scope);
    await this.cache?.invalidate(ids.map((id) => sharedKey(scope, provider, id)));
  }

  private start(provider: ProviderApi, id: string, scope: RequestScope, key: string, fresh: boolean): Promise<ClientRecord | null> {
    // Without the read cache no one asks a read's generation (joinIfUnwritten): no promise for it.
    let seen: (generation: string | null | undefined) => void = ignoreGeneration;
    const generation = this.cache ? new Promise<string | null | undefined>((resolve) => { seen = resolve; }) : NO_GENERATION;
    const shared: SharedRead = {
      generation,
      read: this.fetch(provider, id, scope, key, fresh, seen).finally(() => {
        seen(undefined); // settled already unless the read failed before its lookup
        if (this.reads.get(key) === shared) this.reads.delete(key);
      }),
    };
    this.reads.set(key, shared);
    return shared.read;
  }

  private async joinIfUnwritten(cache: ReadCache, running: SharedRead, provider: ProviderApi, id: string, scope: RequestScope, key: string): Promise<ClientRecord | null> {
    // Asked after this read began, so after any write that returned before it.
    const [began, now] = await Promise.all([running.generation, cache.generation(key)]);
    // (Both null: Redis fails, there is no generation to go by, and sharing costs nothing more.)
    if (began !== undefined && began === now) return running.read;
    // A write came since that read began: another read begun since may do.
    const latest = this.reads.get(key);
    if (latest && latest !== running) {
      const latestBegan = await latest.generation;
      if (latestBegan !== undefined && latestBegan === now) return latest.read;
    }
    return this.start(provider, id, scope, key, false);
  }

  private async fetch(
    provider: ProviderApi, id: string, scope: RequestScope, key: string, fresh: boolean,
    seen: (generation: string | null | undefined) => void,
  ): Promise<ClientRecord | null> {
    if (!this.cache || fresh) {
      seen(undefined);
      return provider.get(id, scope);
    }
    const cached = await this.cache.lookup(key);
    seen(cached.generation);
    if (cached.hit) {
      this.metrics?.cacheRequests.inc({ result: 'hit' });
      return cached.hit;
    }
    this.metrics?.cacheRequests.inc({ result: 'miss' });
    const client = await provider.get(id, scope);
    // Only clients are kept: "no such client" may change with the next create. The answer
    // does not wait for the store (a slow Redis would hold every read; store() never throws).
    if (client && cached.generation !== null) void this.cache.store(key, cached.generation, client);
    return client;
  }
}
