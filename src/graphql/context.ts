import type { Provider } from '../clients/client.js';
import type { RequestCredentialPolicy } from '../config.js';
import type { Idempotency } from '../clients/idempotency.js';
import type { InFlightReads } from '../clients/in-flight.js';
import { RequestLoaders, type BatchObserver } from '../clients/loaders.js';
import { RequestMatches } from '../clients/matching.js';
import { RequestCredentialError, type HeaderReader, type ProviderRegistry } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';
import type { Log, RequestScope } from '../clients/scope.js';
import type { UpdateGuard } from '../clients/writes.js';
import type { CredentialIds } from '../clients/credential-ids.js';
import type { RequestLine } from '../observability/request-log.js';
import { tracedBatch, tracingOn } from '../observability/tracing.js';
import { requestRefusal } from './errors.js';

/** What every resolver of one GraphQL request sees. */
export interface Context {
  providers: ProviderRegistry;
  /** Shared by all requests: remembers idempotent creates (keys scoped by credential). */
  idempotency: Idempotency;
  /** Shared by all requests: keeps the read-merge-writes of one client apart. */
  updateGuard: UpdateGuard;
  loaders: RequestLoaders;
  /** The request's `matches` lookups (one DataLoader per target provider). */
  matches: RequestMatches;
  scope: RequestScope;
  /**
   * What to tell a caller whose request lacks a provider's credential (REQUEST_CREDENTIALS):
   * the header to send; undefined when the server's own credential is what is missing.
   */
  credentialHint(provider: Provider): string | undefined;
  /** Whether this request's log line was written (one line per request, see edge-log). */
  requestLine: RequestLine;
}

export interface ContextOptions {
  providers: ProviderRegistry;
  /** Shared by all requests: fetches in flight, keyed by credential. */
  inFlight: InFlightReads;
  idempotency: Idempotency;
  updateGuard: UpdateGuard;
  concurrency: number;
  /** off: credential headers are ignored; optional: they replace the server's; required: nothing else is used. */
  credentialPolicy: RequestCredentialPolicy;
  /** Base URLs for request credentials. */
  requestCredentialUrls: Record<Provider, string>;
  observeBatch: BatchObserver;
  /** Credential ids for shared keys (clients/credential-ids.ts). */
  credentialIds: CredentialIds;
}

export interface RequestInfo {
  requestId: string;
  requestLine: RequestLine;
  header: HeaderReader;
  log: Log;
}

/** Builds the context of one request: its scope (credentials, request id, log) and loaders. */
export function createContext(options: ContextOptions, request: RequestInfo): Context {
  const policy = options.credentialPolicy;
  const scope: RequestScope = {
    requestId: request.requestId,
    overrides: policy === 'off' ? {} : requestCredentials(options.providers, request.header, options.requestCredentialUrls),
    log: request.log,
    upstreamCalls: 0,
    credentialIds: options.credentialIds,
  };
  // Batch spans only while tracing is on (read once per request: off, batches run bare).
  const wrapBatch = tracingOn() ? tracedBatch : undefined;
  const loaders = new RequestLoaders(options.providers, options.concurrency, scope, options.inFlight, options.observeBatch, wrapBatch);
  return {
    providers: options.providers,
    idempotency: options.idempotency,
    updateGuard: options.updateGuard,
    scope,
    loaders,
    matches: new RequestMatches(options.providers, loaders, scope),
    credentialHint: policy === 'off' ? noHint : (provider) => credentialHint(options.providers, provider),
    requestLine: request.requestLine,
  };
}

const noHint = () => undefined;

/** Names the header(s) its module reads a request's own credential from. */
function credentialHint(providers: ProviderRegistry, provider: Provider): string | undefined {
  const headers = providers.get(provider)?.facts.credentialHeaders ?? [];
  if (headers.length === 0) return undefined;
  return `send your own credential in the ${headers.join(' or ')} header`;
}

function requestCredentials(providers: ProviderRegistry, header: HeaderReader, urls: Record<Provider, string>): RequestScope['overrides'] {
  for (const { facts } of providers.values()) {
    for (const name of facts.credentialHeaders) {
      // An empty header would otherwise read as "none sent" and fall back to the server's credential.
      if (header(name)?.trim() === '') {
        throw requestRefusal('BAD_USER_INPUT', `The ${name} header is empty: send a value, or leave the header out`, 400);
      }
    }
  }
  const overrides: Partial<Record<Provider, ProviderSettings>> = {};
  for (const { facts } of providers.values()) {
    const url = urls[facts.id];
    if (url === undefined) continue;
    try {
      const settings = facts.settingsFromRequest(header, url);
      if (settings) overrides[facts.id] = settings;
    } catch (error) {
      if (!(error instanceof RequestCredentialError)) throw error;
      throw requestRefusal(error.code, error.message, 400);
    }
  }
  return overrides;
}
