import DataLoader from 'dataloader';
import pMap from 'p-map';
import type { ClientRecord, Provider } from './client.js';
import type { InFlightReads } from './in-flight.js';
import { readIds, type ProviderRegistry } from './provider.js';
import type { RequestScope } from './scope.js';

export type ClientLoader = DataLoader<string, ClientRecord | null>;

/** Called with each batch's size, for the dataloader_batch_size metric. */
export type BatchObserver = (provider: Provider, size: number) => void;

/**
 * Runs one batch inside something, as a trace span (graphql/context.ts passes
 * observability/tracing.ts's tracedBatch when tracing is on). The core knows nothing of
 * OpenTelemetry; without a wrapper a batch just runs, at no cost beyond one check.
 */
export type BatchWrapper = <T>(provider: Provider, ids: number, run: () => Promise<T>) => Promise<T>;

/**
 * The client lookups of one GraphQL request: one DataLoader per provider, made on first use
 * and never shared (a cache that outlives the request would serve one caller's data to
 * another). Keys are provider ids.
 *
 * None of the providers can fetch many clients in one call, so a batch is the request's
 * distinct ids fetched side by side, at most `concurrency` at once, each joining a fetch of
 * the same client already in flight for another request with the same credentials. Every key
 * resolves on its own: a client, null for "does not exist", or that key's Error; one failure
 * never rejects the batch.
 */
export class RequestLoaders {
  private readonly loaders = new Map<Provider, ClientLoader>();
  /** Lists and searches under way, per provider: they may bring the clients a read asks for. */
  private readonly lists = new Map<Provider, Set<Promise<unknown>>>();
  /** Clients lists and searches returned, by provider and id (a read already queued cannot be primed). */
  private readonly found = new Map<Provider, Map<string, ClientRecord>>();
  /** List and search calls per provider: how many run, and who waits for a slot. */
  private readonly slots = new Map<Provider, { running: number; waiting: Array<() => void> }>();

  constructor(
    private readonly providers: ProviderRegistry,
    /** Upstream calls in flight per provider for this request, at most. */
    private readonly concurrency: number,
    private readonly scope: RequestScope,
    private readonly inFlight: InFlightReads,
    private readonly observe: BatchObserver,
    /** Absent: batches run as they are (tracing off). */
    private readonly wrapBatch?: BatchWrapper,
  ) {}

  load(provider: Provider, id: string): Promise<ClientRecord | null> {
    return this.loaderFor(provider).load(id);
  }

  /**
   * A read for a read-merge-write, made after its update lock was taken: it never joins a
   * read in flight from before (that one may predate the last write) nor this request's
   * loader cache, and later reads of this request see its answer.
   */
  async loadFresh(provider: Provider, id: string): Promise<ClientRecord | null> {
    const client = await this.inFlight.get(this.providers.get(provider)!, id, this.scope, true);
    this.found.get(provider)?.delete(id);
    this.loaderFor(provider).clear(id).prime(id, client);
    return client;
  }

  /**
   * A list or search call of `provider`, run when one of its slots is free (at most
   * `concurrency` in flight per provider, as for reads; the rest wait in order) and registered
   * as under way until it ends (it primes its clients via listed()).
   */
  listing<T>(provider: Provider, call: () => Promise<T>): Promise<T> {
    let lists = this.lists.get(provider);
    if (!lists) this.lists.set(provider, (lists = new Set()));
    const set = lists;
    const running = this.inSlot(provider, call);
    set.add(running);
    const done = () => { set.delete(running); };
    running.then(done, done);
    return running;
  }

  private async inSlot<T>(provider: Provider, call: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(provider);
    if (!slot) this.slots.set(provider, (slot = { running: 0, waiting: [] }));
    const state = slot;
    if (state.running >= this.concurrency) await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.running += 1;
    try {
      return await call();
    } finally {
      state.running -= 1;
      state.waiting.shift()?.();
    }
  }

  /** Before a write: reads of these ids in flight elsewhere must not be joined from now on. */
  writing(provider: Provider, ids: readonly string[]): void {
    for (const id of ids) this.inFlight.forget(provider, id, this.scope);
  }

  /**
   * After a write: later reads in this request see `client` under each id it can be read by
   * (`current`); ids it can no longer be read by (`stale`) are dropped. After a failed write,
   * `current` is empty: what the provider holds is unknown, so the ids are only dropped.
   */
  async written(provider: Provider, client: ClientRecord | null, current: readonly string[], stale: readonly string[]): Promise<void> {
    const loader = this.loaderFor(provider);
    const ids = [...new Set([...stale, ...current])];
    for (const id of ids) {
      this.found.get(provider)?.delete(id);
      loader.clear(id);
    }
    if (client) for (const id of new Set(current)) loader.prime(id, client);
    // Other requests, and with a shared read cache other replicas, no longer see the old state.
    await this.inFlight.written(provider, ids, this.scope);
  }

  /** Clients a list or search returned: reading any of them again in this request costs no call. */
  listed(provider: Provider, clients: readonly ClientRecord[]): void {
    const loader = this.loaderFor(provider);
    const api = this.providers.get(provider)!;
    let found = this.found.get(provider);
    if (!found) this.found.set(provider, (found = new Map()));
    for (const client of clients) {
      for (const id of readIds(api, client)) {
        loader.prime(id, client);
        found.set(id, client);
      }
    }
  }

  private loaderFor(name: Provider): ClientLoader {
    let loader = this.loaders.get(name);
    if (!loader) {
      const provider = this.providers.get(name)!;
      loader = new DataLoader<string, ClientRecord | null>((ids) => {
        this.observe(name, ids.length);
        const fetch = (id: string) => this.found.get(name)?.get(id)
          ?? this.inFlight.get(provider, id, this.scope).catch((error: Error) => error);
        const fetchAll = () => (ids.length === 1 ? Promise.all([fetch(ids[0]!)]) : pMap(ids, fetch, { concurrency: this.concurrency }));
        // Reads queued while a list or search of this provider is under way wait for it: it may
        // bring their clients, and then they cost no call. (Batches run after every field of
        // the operation has started, so a list anywhere in it is registered by then.)
        const lists = this.lists.get(name);
        const run = () => (lists?.size ? Promise.allSettled([...lists]).then(fetchAll) : fetchAll());
        return this.wrapBatch ? this.wrapBatch(name, ids.length, run) : run();
      });
      this.loaders.set(name, loader);
    }
    return loader;
  }
}
