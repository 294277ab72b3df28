import type { BaseLogger } from 'pino';
import type { Provider } from './client.js';
import type { ProviderSettings } from '../providers/module.js';

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
   * Credentials the caller sent for this request alone (ALLOW_REQUEST_CREDENTIALS), replacing
   * the server's settings for those providers.
   */
  overrides: Partial<Record<Provider, ProviderSettings>>;
  /** The request's logger (its lines carry the request id). */
  log: Log;
  /** Upstream calls this request made, for its log line. */
  upstreamCalls: number;
}
