import DataLoader from 'dataloader';
import pMap from 'p-map';
import type { ClientRecord, Provider } from './client.js';
import type { ProviderRegistry } from './provider.js';
import type { RequestScope } from './scope.js';

export type ClientLoader = DataLoader<string, ClientRecord | null>;
export type Loaders = ReadonlyMap<Provider, ClientLoader>;

/** Called with each batch's size, for the dataloader_batch_size metric. */
export type BatchObserver = (provider: Provider, size: number) => void;

/**
 * One DataLoader per provider, made for each GraphQL request (never shared: a cache that
 * outlives the request would serve one caller's data to another). Keys are provider ids.
 *
 * None of the providers can fetch many clients in one call, so a batch is the request's
 * distinct ids fetched side by side, at most `concurrency` at once. Every key resolves on its
 * own: a client, null for "does not exist", or that key's Error; one failure never rejects
 * the batch.
 */
export function createLoaders(
  providers: ProviderRegistry,
  concurrency: number,
  scope: RequestScope,
  observe: BatchObserver,
): Loaders {
  const loaders = new Map<Provider, ClientLoader>();
  for (const [name, provider] of providers) {
    loaders.set(name, new DataLoader<string, ClientRecord | null>((ids) => {
      observe(name, ids.length);
      return pMap(ids, (id) => provider.get(id, scope).catch((error: Error) => error), { concurrency });
    }));
  }
  return loaders;
}
