import type { ProviderApi, ProviderFacts, RateLimit } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';
import type { Metrics } from '../observability/metrics.js';
import type { RateBuckets } from '../state/rate-buckets.js';
import type { BreakerOptions } from './breaker.js';
import type { RetryPolicy } from './retry.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

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
  /** Each provider's rate budget per credential (absent or null: none). */
  rateLimits?: Partial<Record<string, RateLimit | null>>;
  /** Where the budgets' buckets live (in memory, or on Redis for every replica); needed with rateLimits. */
  rateBuckets?: RateBuckets;
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
  /** Its rate budget from the environment (rateSettings() in its envSettings); null when unset. Throws ConfigError. */
  rateBudgetFromEnv(env: Env): RateLimit | null;
  /** Its REST API, with the server's settings (null: not configured). */
  createApi(settings: ProviderSettings | null, options: ApiOptions): ProviderApi;
  /**
   * Starts its built-in simulator (demo mode, tests, the bench). Written as a dynamic import
   * in the module, so production, which never calls it, never loads a simulator.
   */
  startSimulator(options?: SimulatorOptions): Promise<Simulator>;
}
