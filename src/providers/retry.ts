/**
 * When an upstream call is tried again, as pure functions (the loop is in http/call-loop.ts). Reads
 * (GET) are retried on connection errors, 5xx and 429; a PUT only when the connection was
 * refused (the provider provably never saw it); a POST never, since a create that did reach
 * the provider would be made twice. Timeouts are not retried: a provider too slow once is
 * likely slow again, and the caller waits for it. Between attempts: the provider's
 * Retry-After when it sent one (up to the cap; beyond it the call fails as rate limited at
 * once), else full-jitter exponential backoff. No retry may outlast the call's budget.
 */

export interface RetryPolicy {
  retries: number;
  /** Longest Retry-After we wait for; beyond it the call fails as rate limited at once. */
  retryAfterCapMs: number;
}

/** How one attempt ended. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfterMs?: number }
  /** No connection was ever made: the request provably never reached the provider. */
  | { kind: 'refused' }
  /** The connection failed otherwise (reset, unreachable, DNS): the request may have arrived. */
  | { kind: 'connection'; code: string }
  | { kind: 'timeout' };

export interface RetryQuestion {
  method: 'GET' | 'POST' | 'PUT';
  outcome: AttemptOutcome;
  /** Attempts made so far (1 after the first). */
  attempts: number;
  /** What is left of the call's budget. */
  remainingMs: number;
}

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504, 521, 522, 524]);
/** Connection failures worth another read: transient ones, not e.g. a host that does not exist. */
const RETRIED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ENETUNREACH', 'EAI_AGAIN', 'EHOSTUNREACH']);
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2000;

/** Whether the outcome is worth another attempt of this method at all (budget aside). */
export function isRetryable(method: RetryQuestion['method'], outcome: AttemptOutcome): boolean {
  if (method === 'POST') return false;
  if (method === 'PUT') return outcome.kind === 'refused';
  if (outcome.kind === 'status') return RETRIED_STATUSES.has(outcome.status);
  if (outcome.kind === 'connection') return RETRIED_CODES.has(outcome.code);
  return outcome.kind === 'refused';
}

/**
 * The wait before the next attempt in ms, or null for "no more attempts". `random` is
 * injectable so the table-driven tests can pin the jitter.
 */
export function retryDelay(policy: RetryPolicy, question: RetryQuestion, random: () => number = Math.random): number | null {
  const { method, outcome, attempts, remainingMs } = question;
  if (attempts > policy.retries || !isRetryable(method, outcome)) return null;
  const retryAfterMs = outcome.kind === 'status' ? outcome.retryAfterMs : undefined;
  if (retryAfterMs !== undefined && retryAfterMs > policy.retryAfterCapMs) return null;
  const delay = retryAfterMs ?? random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempts);
  if (delay >= remainingMs) return null;
  return Math.max(1, Math.round(delay));
}

/** Retry-After as ms from `now`: either delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
