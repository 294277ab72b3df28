import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DEFAULT_MAX_OPERATION_LABELS, OperationLabels } from './operation-label.js';

/**
 * The Prometheus metrics of one server. A registry per server (not prom-client's global
 * one), so tests can run several servers in one process.
 */
export interface Metrics {
  registry: Registry;
  graphqlRequests: Counter<'operation' | 'outcome'>;
  /** graphql_requests_total's operation label for a caller's operation name (bounded). */
  operationLabels: OperationLabels;
  upstreamRequests: Counter<'provider' | 'operation' | 'status'>;
  upstreamDuration: Histogram<'provider' | 'operation'>;
  loaderBatchSize: Histogram<'provider'>;
  circuitState: Gauge<'provider'>;
  /** Upstream attempts by how the rate budget let them go: immediate, waited, refused. */
  rateBudgetCalls: Counter<'provider' | 'result'>;
  /** 429s that paused a credential's budget. */
  rateBudgetPauses: Counter<'provider'>;
  rateBudgetPerSecond: Gauge<'provider'>;
  rateBudgetBurst: Gauge<'provider'>;
  /** Reports an in-memory cache's size (bytes of what it keeps) as memory_cache_bytes{cache}. */
  measureCache(name: string, bytes: () => number): void;
}

/** circuit_state values. */
export const CIRCUIT = { closed: 0, halfOpen: 1, open: 2 } as const;

export function createMetrics(maxOperationLabels = DEFAULT_MAX_OPERATION_LABELS): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const caches = new Map<string, () => number>();
  new Gauge({
    name: 'memory_cache_bytes', help: 'Bytes held by each in-memory cache callers can fill (parsed documents, APQ), counted as it bounds them.',
    labelNames: ['cache'], registers,
    collect() { for (const [name, bytes] of caches) this.set({ cache: name }, bytes()); },
  });
  return {
    measureCache: (name, bytes) => { caches.set(name, bytes); },
    operationLabels: new OperationLabels(maxOperationLabels),
    registry,
    graphqlRequests: new Counter({
      name: 'graphql_requests_total', help: 'GraphQL requests by operation name and outcome (success, error).',
      labelNames: ['operation', 'outcome'], registers,
    }),
    upstreamRequests: new Counter({
      name: 'upstream_requests_total', help: 'Upstream calls by provider, operation and final HTTP status or error code.',
      labelNames: ['provider', 'operation', 'status'], registers,
    }),
    upstreamDuration: new Histogram({
      name: 'upstream_request_duration_seconds', help: 'Upstream call latency, retries included.',
      labelNames: ['provider', 'operation'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }),
    loaderBatchSize: new Histogram({
      name: 'dataloader_batch_size', help: 'Distinct client ids fetched per DataLoader batch.',
      labelNames: ['provider'], buckets: [1, 2, 5, 10, 20, 50, 100], registers,
    }),
    circuitState: new Gauge({
      name: 'circuit_state', help: 'Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.',
      labelNames: ['provider'], registers,
    }),
    rateBudgetCalls: new Counter({
      name: 'upstream_rate_budget_calls_total',
      help: 'Upstream attempts under a rate budget, by provider and result: immediate, waited (for a token), refused (UPSTREAM_RATE_LIMITED, nothing sent).',
      labelNames: ['provider', 'result'], registers,
    }),
    rateBudgetPauses: new Counter({
      name: 'upstream_rate_budget_pauses_total', help: 'Provider 429 answers that paused a credential\'s rate budget for their Retry-After.',
      labelNames: ['provider'], registers,
    }),
    rateBudgetPerSecond: new Gauge({
      name: 'upstream_rate_budget_per_second', help: 'Configured rate budget per credential (calls a second); absent = no budget.',
      labelNames: ['provider'], registers,
    }),
    rateBudgetBurst: new Gauge({
      name: 'upstream_rate_budget_burst', help: 'Configured rate budget burst per credential (calls at once).',
      labelNames: ['provider'], registers,
    }),
  };
}
