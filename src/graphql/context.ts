import { GraphQLError } from 'graphql';
import type { Provider } from '../clients/client.js';
import type { Idempotency } from '../clients/idempotency.js';
import type { InFlightReads } from '../clients/in-flight.js';
import { RequestLoaders, type BatchObserver } from '../clients/loaders.js';
import { RequestCredentialError, type HeaderReader, type ProviderRegistry, type ProviderSettings } from '../clients/provider.js';
import type { Log, RequestScope } from '../clients/scope.js';

/** What every resolver of one GraphQL request sees. */
export interface Context {
  providers: ProviderRegistry;
  /** Shared by all requests: remembers idempotent creates (keys scoped by credential). */
  idempotency: Idempotency;
  loaders: RequestLoaders;
  scope: RequestScope;
}

export interface ContextOptions {
  providers: ProviderRegistry;
  /** Shared by all requests: fetches in flight, keyed by credential. */
  inFlight: InFlightReads;
  idempotency: Idempotency;
  concurrency: number;
  /** Base URLs for request credentials; null when requests may not bring their own. */
  requestCredentialUrls: Record<Provider, string> | null;
  observeBatch: BatchObserver;
}

export interface RequestInfo {
  requestId: string;
  header: HeaderReader;
  log: Log;
}

/** Builds the context of one request: its scope (credentials, request id, log) and loaders. */
export function createContext(options: ContextOptions, request: RequestInfo): Context {
  const scope: RequestScope = {
    requestId: request.requestId,
    overrides: options.requestCredentialUrls ? requestCredentials(options.providers, request.header, options.requestCredentialUrls) : {},
    log: request.log,
    upstreamCalls: 0,
  };
  return {
    providers: options.providers,
    idempotency: options.idempotency,
    scope,
    loaders: new RequestLoaders(options.providers, options.concurrency, scope, options.inFlight, options.observeBatch),
  };
}

function requestCredentials(providers: ProviderRegistry, header: HeaderReader, urls: Record<Provider, string>): RequestScope['overrides'] {
  const overrides: Partial<Record<Provider, ProviderSettings>> = {};
  for (const { facts } of providers.values()) {
    const url = urls[facts.id];
    if (url === undefined) continue;
    try {
      const settings = facts.settingsFromRequest(header, url);
      if (settings) overrides[facts.id] = settings;
    } catch (error) {
      if (!(error instanceof RequestCredentialError)) throw error;
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    }
  }
  return overrides;
}
