import type { RetryOptions } from 'got';

/**
 * When an upstream call is tried again. Reads (GET) are retried on connection errors, 5xx and
 * 429; a PUT only when the connection was refused (the provider provably never saw it); a
 * POST never, since a create that did reach the provider would be made twice. Timeouts are
 * not retried: a provider too slow once is likely slow again, and the caller waits for it.
 */

export interface RetryPolicy {
  retries: number;
  /** Longest Retry-After we wait for; beyond it the call fails as rate limited at once. */
  retryAfterCapMs: number;
}

/** Per-call state the retry policy reads: when the call's whole budget runs out. */
export interface CallState {
  deadline: number;
  attempts: number;
}

const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2000;

export function retryOptions(policy: RetryPolicy): Partial<RetryOptions> {
  return {
    limit: policy.retries,
    methods: ['GET', 'PUT'],
    statusCodes: [429, 500, 502, 503, 504, 521, 522, 524],
    errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENETUNREACH', 'EAI_AGAIN', 'EHOSTUNREACH'],
    // got waits for Retry-After up to this and gives up (delay 0) beyond it.
    maxRetryAfter: policy.retryAfterCapMs,
    calculateDelay: ({ attemptCount, error, computedValue, retryAfter }) => {
      if (computedValue === 0) return 0;
      if (error.options.method === 'PUT' && error.code !== 'ECONNREFUSED') return 0;
      // Retry-After when the provider gave one, else full-jitter exponential backoff.
      const delay = retryAfter ?? Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attemptCount);
      const state = (error.options.context as { call?: CallState }).call;
      if (state && Date.now() + delay >= state.deadline) return 0;
      return Math.max(1, delay);
    },
  };
}
