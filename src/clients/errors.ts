import type { CodeOf, ErrorCode } from './error-codes.js';
import type { FieldPath, Provider } from './client.js';
import type { FilterField } from './list-port.js';

export type { ErrorCode } from './error-codes.js';

/**
 * The one error vocabulary, owned by the core: every error of the service extends ServiceError,
 * carrying a code of clients/error-codes.ts and named options. Provider APIs throw these (a
 * read's "no such client" is a null, not an error): refusals of a write become userErrors in
 * clients/user-errors.ts, everything else a GraphQLError in graphql/errors.ts, the one place
 * that builds them. Messages are written by us, never copied from a transport error, so they
 * cannot carry a URL with a credential or a stack.
 *
 * This file holds the base class and the errors several files of the core raise or its ports
 * name (upstream failures, write refusals, the shared state unavailable or busy, clientList and
 * findClients input); an error only one file raises lives beside it (cursor.ts, outcome.ts,
 * provider.ts), and a store's own reasons in state/errors.ts.
 */

export interface ServiceErrorOptions {
  /** The provider it concerns (extensions.provider). */
  provider?: Provider | undefined;
  /** Seconds until a retry could succeed (extensions.retryAfter). */
  retryAfter?: number | undefined;
  /** The HTTP status behind it, when there was one (for metrics and logs). */
  status?: number | undefined;
  /**
   * False only when the request provably never reached the provider: no attempt of the call
   * got a connection (refused), its circuit was open, or there was no credential to send it
   * with. True (the default): it may have arrived, and a write may have happened (clients/outcome.ts).
   */
  sent?: boolean | undefined;
  cause?: unknown;
}

export class ServiceError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name: string = 'ServiceError';
  readonly provider: Provider | undefined;
  readonly retryAfter: number | undefined;
  readonly status: number | undefined;
  readonly sent: boolean;
  constructor(readonly code: C, message: string, options: ServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.provider = options.provider;
    this.retryAfter = options.retryAfter;
    this.status = options.status;
    this.sent = options.sent ?? true;
  }
}

export type UpstreamCode =
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'PROVIDER_NOT_CONFIGURED';

/** The provider could not be asked, or did not answer usefully: the caller cannot fix it. */
export class UpstreamError extends ServiceError<UpstreamCode> {
  override readonly name = 'UpstreamError';
  declare readonly provider: Provider;
  constructor(code: UpstreamCode, message: string, options: ServiceErrorOptions & { provider: Provider }) {
    super(code, message, options);
  }
}

/** One problem with one field, as the provider explained it. */
export interface FieldProblem {
  /** Path inside the written fields, when the provider named a field we know. */
  field: FieldPath | null;
  message: string;
}

/** The provider understood the write and refused it: the caller can fix it (a userError of this code). */
export class WriteRefusedError extends ServiceError<RefusalCode> {
  override readonly name = 'WriteRefusedError';
  declare readonly provider: Provider;
  readonly problems: FieldProblem[];
  constructor(code: RefusalCode, message: string, options: { provider: Provider; problems?: FieldProblem[] | undefined }) {
    super(code, message, { provider: options.provider });
    this.problems = options.problems ?? [];
  }
}

/**
 * The shared state (the ports idempotency-port.ts, update-lock-port.ts: Redis, or a store in
 * memory) could not be reached or did not answer. Writes that need it (an idempotent create, an
 * update under its lock) fail closed with this rather than run without the protection; reads
 * go on without the cache. The stores' own reasons (a full store, a spent quota) extend it in
 * state/errors.ts.
 */
export class StateUnavailableError extends ServiceError<'STATE_UNAVAILABLE'> {
  override readonly name: string = 'StateUnavailableError';
  constructor(what: string) {
    super('STATE_UNAVAILABLE', `The shared state (Redis) is unavailable, so this ${what} was not attempted: retry later`);
  }
}

/**
 * An update waited a whole lock ttl for its client's lock (a queue of updates of one client,
 * or a holder that died): nothing was written. The update lock's answer (update-lock-port.ts).
 */
export class UpdateBusyError extends ServiceError<'CLIENT_BUSY'> {
  override readonly name = 'UpdateBusyError';
  constructor(waitedMs: number) {
    super('CLIENT_BUSY', `Other updates of this client kept it locked for ${waitedMs} ms, so this update was not attempted: retry later`);
  }
}

/**
 * An update whose client's lock was gone when it ended (Redis lost its data while it ran):
 * its write was made, but another update may have written from the same snapshot.
 */
export class UpdateLockLostError extends StateUnavailableError {
  constructor() {
    super('update');
    this.message = 'The shared state (Redis) lost this client\'s update lock while the update ran (Redis lost its data?), '
      + 'so another update may have written over it';
  }
}

/** How a provider refuses a write: the userError codes of the vocabulary a refusal maps to. */
export type RefusalCode = Extract<CodeOf<'userError'>, 'CONFLICT' | 'REJECTED' | 'NOT_FOUND'>;

/** Input of clientList or findClients the caller can fix: BAD_USER_INPUT. */
export class ListInputError extends ServiceError {
  override readonly name = 'ListInputError';
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

/** A filter (or, with `field` null, no filter) the provider cannot serve: UNSUPPORTED_FILTER. */
export class UnsupportedFilterError extends ServiceError {
  override readonly name = 'UnsupportedFilterError';
  declare readonly provider: Provider;
  constructor(provider: Provider, readonly field: FilterField | null, message: string) {
    super('UNSUPPORTED_FILTER', message, { provider });
  }
}
