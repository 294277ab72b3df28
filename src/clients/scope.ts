import type { BaseLogger } from 'pino';
import { fingerprintOf } from './fingerprint.js';
import type { Provider } from './client.js';
import type { ProviderSettings } from './settings.js';

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
}

const keys = new WeakMap<object, string>();

/**
 * Which credential a request uses for a provider: "server" for the server's own, else a hash
 * of the request's own (computed once per request). Anything shared between requests (reads
 * in flight, idempotency keys) is keyed by it.
 */
export function credentialKey(scope: RequestScope, provider: Provider): string {
  const own = scope.overrides[provider];
  if (!own) return 'server';
  let key = keys.get(own);
  if (key === undefined) keys.set(own, (key = fingerprintOf(own)));
  return key;
}

/** A key for something shared between requests, that only requests with the same credential may share. */
export function sharedKey(scope: RequestScope, provider: Provider, key: string): string {
  return `${provider}|${credentialKey(scope, provider)}|${key}`;
}
