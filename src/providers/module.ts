import type { Provider } from '../clients/client.js';
import type { ClientProvider } from '../clients/provider.js';
import type { Metrics } from '../observability/metrics.js';
import type { BreakerOptions } from './breaker.js';
import type { RetryPolicy } from './retry.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

/** Where and how to reach one provider: base URL and the credential. */
export interface ProviderSettings {
  baseUrl: string;
  /** Static credential headers (a bearer token, Daftra's apikey). */
  headers: Record<string, string>;
  /** Fatora: an API key to obtain renewable bearer tokens with, instead of static headers. */
  apiKey?: string;
}

/** How every provider client talks upstream (from Config.upstream). */
export interface ClientOptions extends RetryPolicy {
  /** Timeout of one attempt. */
  timeoutMs: number;
  /** Time for a whole call, retries and waits included. */
  budgetMs: number;
  /** Keep-alive sockets per provider at most. */
  maxSockets: number;
  /** Largest upstream body read; past it the call is aborted as UPSTREAM_BAD_RESPONSE. */
  maxBodyBytes: number;
  breaker: BreakerOptions;
  metrics: Metrics;
}

/** Reads one request header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

/**
 * Everything one provider folder contributes. Adding a provider means writing one of these
 * and listing it in providers/index.ts.
 */
export interface ProviderModule {
  readonly provider: Provider;
  /** The environment variables that belong to this provider (any of them set = not demo mode). */
  readonly envNames: readonly string[];
  /** Its base URL from the environment, for the server's calls and tenants' (may hold "{subdomain}"). */
  baseUrlFromEnv(env: Record<string, string | undefined>): string;
  /** Its settings from the environment; null when it has no credential. Throws ConfigError. */
  settingsFromEnv(env: Record<string, string | undefined>): ProviderSettings | null;
  /**
   * A request's own credential (ALLOW_REQUEST_CREDENTIALS), from its headers; undefined when it
   * sent none. Throws RequestCredentialError for a malformed one.
   */
  settingsFromRequest(header: HeaderReader, baseUrl: string): ProviderSettings | undefined;
  createClient(settings: ProviderSettings | null, options: ClientOptions): ClientProvider;
  /** Starts the built-in simulator of this provider on loopback. */
  startSimulator(options?: SimulatorOptions): Promise<Simulator>;
}

/** A credential header a request sent that cannot be used. */
export class RequestCredentialError extends Error {
  override readonly name = 'RequestCredentialError';
}
