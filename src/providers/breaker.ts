import CircuitBreaker from 'opossum';
import type { Provider } from '../clients/client.js';
import { CIRCUIT, type Metrics } from '../observability/metrics.js';
import { UpstreamError } from '../clients/errors.js';
import { ServiceError } from '../clients/errors.js';

export interface BreakerOptions {
  /** Failing share of calls (percent) in the rolling window that opens the circuit. */
  errorThresholdPercentage: number;
  /** Calls in the window before the share counts at all. */
  volumeThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  resetTimeoutMs: number;
}

/** Breakers kept for request credentials (each tenant's own) at most. */
export const MAX_TENANT_BREAKERS = 256;

type Breaker = CircuitBreaker<[() => Promise<unknown>], unknown>;

/**
 * One circuit breaker for the server's own credential and one per request credential (each
 * tenant's account: several tenants may share one base URL, and one tenant's broken account
 * must never stop another's calls, nor the server's). Only signs that the provider is down
 * count as failures: unavailable and timeouts, not refusals or rate limits. The
 * circuit_state metric follows the server's breaker; tenants' breakers are kept in a
 * bounded least-recently-used set, since callers choose their credentials.
 */
export class BreakerPool {
  private server: Breaker | null = null;
  private readonly tenants = new Map<string, Breaker>();

  constructor(
    private readonly provider: Provider,
    private readonly options: BreakerOptions,
    private readonly metrics: Metrics,
  ) {}

  /** `tenantKey`: the request credential's key, or null for the server's own credential. */
  fire<T>(tenantKey: string | null, call: () => Promise<T>): Promise<T> {
    return this.breakerFor(tenantKey).fire(call) as Promise<T>;
  }

  /** Tenant breakers held now (for tests of the bound). */
  get tenantCount(): number {
    return this.tenants.size;
  }

  close(): void {
    this.server?.shutdown();
    this.server = null;
    for (const breaker of this.tenants.values()) breaker.shutdown();
    this.tenants.clear();
  }

  private breakerFor(tenantKey: string | null): Breaker {
    if (tenantKey === null) return (this.server ??= this.serverBreaker());
    const existing = this.tenants.get(tenantKey);
    if (existing) {
      // Most recently used last, so the oldest tenant breaker is the first to go.
      this.tenants.delete(tenantKey);
      this.tenants.set(tenantKey, existing);
      return existing;
    }
    if (this.tenants.size >= MAX_TENANT_BREAKERS) {
      const oldest = this.tenants.keys().next().value as string;
      this.tenants.get(oldest)!.shutdown();
      this.tenants.delete(oldest);
    }
    const breaker = this.create();
    this.tenants.set(tenantKey, breaker);
    return breaker;
  }

  private serverBreaker(): Breaker {
    const breaker = this.create();
    const state = this.metrics.circuitState.labels(this.provider);
    breaker.on('open', () => state.set(CIRCUIT.open));
    breaker.on('halfOpen', () => state.set(CIRCUIT.halfOpen));
    breaker.on('close', () => state.set(CIRCUIT.closed));
    state.set(CIRCUIT.closed);
    return breaker;
  }

  private create(): Breaker {
    return new CircuitBreaker((call: () => Promise<unknown>) => call(), {
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
  }
}

/** A write that ended in doubt without an outage (an unreadable answer): a failure too. */
export class InDoubtFailure extends ServiceError {
  override readonly name = 'InDoubtFailure';
  constructor() {
    super('UPSTREAM_ANSWER_IN_DOUBT', 'a write ended in doubt: its answer could not be read');
  }
}

export function isOutage(error: unknown): boolean {
  if (error instanceof InDoubtFailure) return true;
  return error instanceof UpstreamError && (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT');
}

/** opossum's rejection of a call made while the circuit is open. */
export function isOpenCircuit(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'EOPENBREAKER';
}
