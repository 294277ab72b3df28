import { createLoaders, type Loaders } from '../clients/loaders.js';
import type { ProviderRegistry } from '../clients/provider.js';

/** What every resolver of one GraphQL request sees. */
export interface Context {
  providers: ProviderRegistry;
  loaders: Loaders;
}

export function createContext(providers: ProviderRegistry, concurrency: number): Context {
  return { providers, loaders: createLoaders(providers, concurrency) };
}
