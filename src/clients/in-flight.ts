import type { ClientRecord, Provider } from './client.js';
import type { ProviderApi } from './provider.js';
import { sharedKey, type RequestScope } from './scope.js';

/**
 * Reads in flight across requests: a request that needs a client while another request with
 * the same credentials is already fetching it shares that fetch. Only fetches under way are
 * shared, never finished answers (no cache across requests), and a write drops the entry of
 * its client so no read begun after a write is answered from before it.
 */
export class InFlightReads {
  private readonly reads = new Map<string, Promise<ClientRecord | null>>();

  get(provider: ProviderApi, id: string, scope: RequestScope): Promise<ClientRecord | null> {
    const key = sharedKey(scope, provider.facts.id, id);
    let read = this.reads.get(key);
    if (!read) {
      const started: Promise<ClientRecord | null> = provider.get(id, scope).finally(() => {
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
}
