import { Provider } from './client.js';
import type { ProviderRegistry } from './provider.js';

const PROVIDERS = new Set<string>(Object.values(Provider));

export interface ParsedId {
  provider: Provider;
  providerId: string;
}

/**
 * Splits a global id "fatora:1024" into provider and provider id, or returns null when it
 * is malformed: no known prefix, or an id the provider's format rejects (so nothing that
 * could escape the URL path ever reaches a provider client).
 */
export function parseGlobalId(id: string, providers: ProviderRegistry): ParsedId | null {
  const colon = id.indexOf(':');
  if (colon < 0) return null;
  const prefix = id.slice(0, colon);
  const providerId = id.slice(colon + 1);
  if (!PROVIDERS.has(prefix)) return null;
  const provider = prefix as Provider;
  const client = providers.get(provider);
  if (!client?.isValidId(providerId)) return null;
  return { provider, providerId };
}
