import type { Provider } from './client.js';
import { ServiceError, UpstreamError } from './errors.js';
import { findFilters } from './list-capabilities.js';
import type { ProviderFacts } from './provider.js';

/**
 * Whether a write that failed may still have happened. Only failures that say the provider
 * did not act are "not written": the request never reached it (every connection refused, an
 * open circuit, no credential: the transport's `sent: false`), or it refused our credential
 * or rate-limited us. A timeout, a reset after connecting, a 5xx or an answer we cannot read
 * may come after the provider wrote; so may anything unexpected (conservatively).
 */
export function mayHaveWritten(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return true;
  if (!error.sent) return false;
  return !['UPSTREAM_UNAUTHORIZED', 'UPSTREAM_RATE_LIMITED', 'PROVIDER_NOT_CONFIGURED'].includes(error.code);
}

/** A write that ended without a known outcome: the provider may or may not have made it. */
export class WriteInDoubtError extends ServiceError {
  override readonly name = 'WriteInDoubtError';
  constructor(override readonly cause: Error, readonly isCreate: boolean) {
    super('WRITE_IN_DOUBT', cause.message, { cause });
  }
}

/**
 * A create retried under an idempotencyKey whose first create ended in doubt, at a provider
 * whose create cannot safely be sent twice: nothing is sent; the caller has to look.
 */
export class OutcomeUnknownError extends ServiceError {
  override readonly name = 'OutcomeUnknownError';
  declare readonly provider: Provider;
  constructor(
    readonly label: string,
    provider: Provider,
    readonly firstFailure: string,
    /** How the caller can find out whether the client exists (whereToLook). */
    readonly whereToLook: string,
  ) {
    super('OUTCOME_UNKNOWN', firstFailure, { provider, sent: false });
  }
}

/**
 * Where a caller looks for a client whose create is in doubt: findClients by the fields the
 * provider finds exactly (its module's filters), else its own client list. The service does not
 * look itself: none of these fields is declared unique, so a match would be a guess.
 */
export function whereToLook(facts: ProviderFacts): string {
  const by = findFilters(facts);
  return by.length > 0 ? `findClients by ${by.join(' or ')}, or ${facts.label}'s client list` : `${facts.label}'s client list, by name or email`;
}
