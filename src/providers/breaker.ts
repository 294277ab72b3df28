import CircuitBreaker from 'opossum';
import type { Provider } from '../clients/client.js';
import { CIRCUIT, type Metrics } from '../observability/metrics.js';
import { UpstreamError } from './errors.js';

export interface BreakerOptions {
  /** Failing share of calls (percent) in the rolling window that opens the circuit. */
  errorThresholdPercentage: number;
  /** Calls in the window before the share counts at all. */
  volumeThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  resetTimeoutMs: number;
}

/** Breakers kept for request-credential hosts (Daftra tenants' subdomains) at most. */
const MAX_TENANT_BREAKERS = 256;

/**
 * One circuit breaker per upstream base URL (a Daftra tenant's subdomain is its own host, so
 * one tenant's broken account never stops another's calls). Only signs that the provider is
 * down count as failures: unavailable and timeouts, not refusals or rate limits. The
 * circuit_state metric follows the server's own breaker; tenants' breakers are kept in a
 * bounded least-recently-used set, since callers choose their hosts.
 */
export class BreakerPool {
  private readonly breakers = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();

  constructor(
    private readonly provider: Provider,
    private readonly options: BreakerOptions,
    private readonly metrics: Metrics,
    private readonly serverBaseUrl: string | null,
  ) {}

  fire<T>(baseUrl: string, call: () => Promise<T>): Promise<T> {
    return this.breakerFor(baseUrl).fire(call) as Promise<T>;
  }

  close(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerFor(baseUrl: string) {
    const existing = this.breakers.get(baseUrl);
    if (existing) {
      if (baseUrl !== this.serverBaseUrl) {
        // Most recently used last, so the oldest tenant breaker is the first to go.
        this.breakers.delete(baseUrl);
        this.breakers.set(baseUrl, existing);
      }
      return existing;
    }
    const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      timeout: false, // our own per-attempt timeout and call budget apply
      errorThresholdPercentage: this.options.errorThresholdPercentage,
      volumeThreshold: this.options.volumeThreshold,
      resetTimeout: this.options.resetTimeoutMs,
      rollingCountTimeout: 10_000,
      // Caching and coalescing key on the call's arguments, not on its credential: off
      // (coalesce is off by default in opossum 9; its 8.x typings do not know the option).
      cache: false,
      errorFilter: (error: unknown) => !isOutage(error),
    });
    if (baseUrl === this.serverBaseUrl) {
      const state = this.metrics.circuitState.labels(this.provider);
      breaker.on('open', () => state.set(CIRCUIT.open));
      breaker.on('halfOpen', () => state.set(CIRCUIT.halfOpen));
      breaker.on('close', () => state.set(CIRCUIT.closed));
      state.set(CIRCUIT.closed);
    } else if (this.breakers.size >= MAX_TENANT_BREAKERS) {
      const oldest = [...this.breakers.keys()].find((url) => url !== this.serverBaseUrl);
      if (oldest !== undefined) {
        this.breakers.get(oldest)!.shutdown();
        this.breakers.delete(oldest);
      }
    }
    this.breakers.set(baseUrl, breaker);
    return breaker;
  }
}

function isOutage(error: unknown): boolean {
  return error instanceof UpstreamError && (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT');
}

/** opossum's rejection of a call made while the circuit is open. */
export function isOpenCircuit(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'EOPENBREAKER';
}
