import { GraphQLError } from 'graphql';
import { Provider } from '../clients/client.js';
import type { RequestCredentialPolicy } from '../config.js';
import type { Idempotency } from '../clients/idempotency.js';
import type { InFlightReads } from '../clients/in-flight.js';
import { RequestLoaders, type BatchObserver } from '../clients/loaders.js';
import type { ProviderRegistry } from '../clients/provider.js';
import type { Log, RequestScope } from '../clients/scope.js';
import type { RequestLine } from '../observability/edge-log.js';
import type { HeaderReader, ProviderSettings } from '../providers/module.js';
import { RequestCredentialError } from '../providers/module.js';
import { providerModules } from '../providers/index.js';

/** What every resolver of one GraphQL request sees. */
export interface Context {
  providers: ProviderRegistry;
  /** Shared by all requests: remembers idempotent creates (keys scoped by credential). */
  idempotency: Idempotency;
  loaders: RequestLoaders;
  scope: RequestScope;
  /**
   * What to tell a caller whose request lacks a provider's credential (REQUEST_CREDENTIALS):
   * the header to send; undefined when the server's own credential is what is missing.
   */
  credentialHint(provider: Provider): string | undefined;
  /** Whether this request's log line was written (one line per request, see edge-log). */
  requestLine: RequestLine;
}

/** The header a request sends its own credential of each provider in. */
export const CREDENTIAL_HEADERS: Record<Provider, string> = {
  [Provider.FATORA]: 'x-fatora-token',
  [Provider.DAFTRA]: 'x-daftra-token',
  [Provider.INVISIBLE_COLLECTOR]: 'x-invisible-collector-token',
};
/** Headers that belong to a request credential: an empty one is a mistake, never "absent". */
const CREDENTIAL_HEADER_NAMES = [...Object.values(CREDENTIAL_HEADERS), 'x-daftra-subdomain'];

export interface ContextOptions {
  providers: ProviderRegistry;
  /** Shared by all requests: fetches in flight, keyed by credential. */
  inFlight: InFlightReads;
  idempotency: Idempotency;
  concurrency: number;
  /** off: credential headers are ignored; optional: they replace the server's; required: nothing else is used. */
  credentialPolicy: RequestCredentialPolicy;
  /** Base URLs for request credentials. */
  requestCredentialUrls: Record<Provider, string>;
  observeBatch: BatchObserver;
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
    overrides: policy === 'off' ? {} : requestCredentials(request.header, options.requestCredentialUrls),
    log: request.log,
    upstreamCalls: 0,
  };
  return {
    providers: options.providers,
    idempotency: options.idempotency,
    scope,
    loaders: new RequestLoaders(options.providers, options.concurrency, scope, options.inFlight, options.observeBatch),
    credentialHint: policy === 'off' ? noHint : credentialHint,
    requestLine: request.requestLine,
  };
}

const noHint = () => undefined;
const credentialHint = (provider: Provider) => `send your own credential in the ${CREDENTIAL_HEADERS[provider]} header`;

function requestCredentials(header: HeaderReader, urls: Record<Provider, string>): RequestScope['overrides'] {
  for (const name of CREDENTIAL_HEADER_NAMES) {
    // An empty header would otherwise read as "none sent" and fall back to the server's credential.
    if (header(name)?.trim() === '') {
      throw new GraphQLError(`The ${name} header is empty: send a value, or leave the header out`, {
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      });
    }
  }
  const overrides: Partial<Record<Provider, ProviderSettings>> = {};
  for (const module of providerModules) {
    try {
      const settings = module.settingsFromRequest(header, urls[module.provider]);
      if (settings) overrides[module.provider] = settings;
    } catch (error) {
      if (!(error instanceof RequestCredentialError)) throw error;
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    }
  }
  return overrides;
}
