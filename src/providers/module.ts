import type { ProviderApi, ProviderFacts } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';
import type { Metrics } from '../observability/metrics.js';
import type { BreakerOptions } from './breaker.js';
import type { RetryPolicy } from './retry.js';

/** How every provider API talks upstream (from Config.upstream). */
export interface ApiOptions extends RetryPolicy {
  /** Timeout of one attempt. */
  timeoutMs: number;
  /** Time for a whole call, retries and waits included. */
  budgetMs: number;
  /** Keep-alive sockets per provider at most. */
  maxSockets: number;
  /** Largest upstream body read; past it the call is aborted as UPSTREAM_BAD_RESPONSE. */
  maxBodyBytes: number;
  breaker: BreakerOptions;
  /** Whether upstream calls carry the trace context (`traceparent`) when tracing is on. */
  traceparent?: boolean;
  metrics: Metrics;
}

type Env = Record<string, string | undefined>;

/**
 * Everything one provider folder contributes: its facts (ProviderFacts: id, label, id syntax,
 * field table, credential headers, …), its settings, and its REST API. Adding a provider
 * means writing one of these in its own folder and listing it in providers/index.ts.
 */
export interface ProviderModule<Id extends string = string> extends ProviderFacts {
  readonly id: Id;
  /** Its base URL from the environment, for the server's calls and tenants' (may hold "{subdomain}"). */
  baseUrlFromEnv(env: Env): string;
  /** Its settings from the environment; null when it has no credential. Throws ConfigError. */
  settingsFromEnv(env: Env): ProviderSettings | null;
  /** Its REST API, with the server's settings (null: not configured). */
  createApi(settings: ProviderSettings | null, options: ApiOptions): ProviderApi;
}
