import type { BaseLogger } from 'pino';
import { randomBytes } from 'node:crypto';
import type { Provider } from './client.js';
import type { ProviderSettings } from './settings.js';
import { CredentialIds, scopeOf } from './credential-ids.js';

/** The logging a request needs; pino's and Fastify's request loggers both fit. */
export type Log = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * What one GraphQL request carries down to every upstream call it makes. Made per request
 * and never shared: it holds the request's own credentials.
 */
export interface RequestScope {
  /** From the caller's x-request-id, or generated; sent upstream as x-request-id. */
  requestId: string;
  /**
   * Credentials the caller sent for this request alone (REQUEST_CREDENTIALS optional or required), replacing
   * the server's settings for those providers.
   */
  overrides: Partial<Record<Provider, ProviderSettings>>;
  /** The request's logger (its lines carry the request id). */
  log: Log;
  /** Upstream calls this request made, for its log line. */
  upstreamCalls: number;
  /** The server's credential ids (credential-ids.ts); absent: a random key of this process's own. */
  credentialIds?: CredentialIds;
}

/** For scopes made without the server's ids (tests of a provider API alone). */
const processIds = new CredentialIds(((material) => () => material)(randomBytes(32)));

/**
 * Which credential a request uses for a provider: the id (an HMAC, see credential-ids.ts) of
 * the request's own credential, or of the server's, with the base URL it goes to. Anything
 * shared between requests (reads in flight, idempotency keys, locks, the read cache) is keyed
 * by it, so two deployments on other accounts never share, and replicas of one always do.
 */
export function credentialKey(scope: RequestScope, provider: Provider): string {
  return (scope.credentialIds ?? processIds).of(provider, scope.overrides[provider]);
}

/** A key for something shared between requests, that only requests with the same credential may share. */
export function sharedKey(scope: RequestScope, provider: Provider, key: string): string {
  return `${scopeOf(provider, credentialKey(scope, provider))}|${key}`;
}
