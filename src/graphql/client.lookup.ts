import type { ClientRecord, Provider } from '../clients/client.js';
import { isBadId, parseGlobalId } from '../clients/global-id.js';
import type { ProviderApi } from '../clients/provider.js';
import type { Context } from './context.js';
import { badId, notConfigured, toGraphQLError } from './errors.js';

/**
 * A client by global id through the request's loaders: the one path that `client`,
 * `clients` and federation's `_entities` share. Malformed ids and unconfigured providers
 * fail before any upstream call.
 */
export async function loadClient(context: Context, id: string): Promise<ClientRecord | null> {
  const parsed = parseGlobalId(id, context.providers);
  if (isBadId(parsed)) throw badId(id, parsed.problem);
  configuredProvider(context, parsed.provider);
  return context.loaders.load(parsed.provider, parsed.providerId).catch(rethrow);
}

/** The provider, if the server or this request (its own credential) configured it. */
export function configuredProvider(context: Context, name: Provider): ProviderApi {
  const provider = context.providers.get(name);
  if (!provider || !isConfigured(context, name)) throw notConfigured(name, provider?.facts.label ?? name, context.credentialHint(name));
  return provider;
}

export function isConfigured(context: Context, name: Provider): boolean {
  return Boolean(context.providers.get(name)?.configured || context.scope.overrides[name]);
}

export function rethrow(error: unknown): never {
  throw toGraphQLError(error);
}
