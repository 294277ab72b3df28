import type { FieldPath, Provider } from './client.js';

/**
 * The one error vocabulary of the provider port, owned by the core. Provider APIs throw these (a read's
 * "no such client" is a null, not an error): refusals of a write become userErrors in
 * clients/user-errors.ts, everything else a GraphQLError in graphql/errors.ts. Messages are
 * written by us, never copied from a transport error, so they cannot carry a URL with a
 * credential or a stack.
 */

export type UpstreamCode =
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'PROVIDER_NOT_CONFIGURED';

/** The provider could not be asked, or did not answer usefully: the caller cannot fix it. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly code: UpstreamCode,
    readonly provider: Provider,
    message: string,
    readonly retryAfter?: number,
    /** The HTTP status behind it, when there was one (for metrics and logs). */
    readonly status?: number,
    /**
     * False only when the request provably never reached the provider: no attempt of the call
     * got a connection (refused), its circuit was open, or there was no credential to send it
     * with. True: it may have arrived, and a write may have happened (clients/outcome.ts).
     */
    readonly sent: boolean = true,
  ) {
    super(message);
  }
}

/** One problem with one field, as the provider explained it. */
export interface FieldProblem {
  /** Path inside the written fields, when the provider named a field we know. */
  field: FieldPath | null;
  message: string;
}

/** The provider understood the write and refused it: the caller can fix it. */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';
  constructor(
    readonly kind: 'CONFLICT' | 'REJECTED' | 'NOT_FOUND',
    readonly provider: Provider,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}
