import { GraphQLError } from 'graphql';
import type { Provider } from '../clients/client.js';
import { ERROR_CODES, type ErrorCode } from '../clients/error-codes.js';
import { ServiceError, UnsupportedFilterError, UpstreamError } from '../clients/errors.js';
import { OutcomeUnknownError, WriteInDoubtError } from '../clients/outcome.js';
import { providerText } from '../clients/provider-text.js';

/**
 * The one place where errors become GraphQL errors (the edge's refusals included: they call
 * graphQLError). Only our own messages and codes of the vocabulary (clients/error-codes.ts) go
 * out: no stack, no URL, no credential.
 */

/** A GraphQL error with a code of the vocabulary and what else the caller is told about it. */
export function graphQLError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
  originalError?: Error,
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions }, ...(originalError ? { originalError } : {}) });
}

/** An error that refuses the whole request, with its HTTP status (Apollo answers it with that status). */
export function requestRefusal(code: ErrorCode, message: string, status: number, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphQLError(code, message, { ...extensions, http: { status } });
}

export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof WriteInDoubtError) return inDoubt(error);
  if (error instanceof OutcomeUnknownError) {
    return graphQLError(
      error.code,
      `An earlier create under this idempotencyKey ended without a known outcome (${providerText(error.firstFailure)}), so ${error.label} `
        + `may already hold this client. It is not sent again blindly: look for it (${error.whereToLook}) and create it under `
        + 'a new idempotencyKey only if it is not there.',
      { provider: error.provider, outcome: 'UNKNOWN' },
    );
  }
  if (error instanceof UnsupportedFilterError) return graphQLError(error.code, error.message, { provider: error.provider, field: error.field });
  if (error instanceof UpstreamError) {
    // Messages may quote the provider's own text: scrubbed of anything credential-like, capped.
    return graphQLError(error.code, providerText(error.message), {
      provider: error.provider,
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    });
  }
  // The others with a code a caller meets at a field carry only it and our own message (no provider text).
  if (error instanceof ServiceError && ERROR_CODES[error.code as ErrorCode].surface === 'field') return graphQLError(error.code, error.message);
  // Anything else is our bug: log it server-side (formatError) and say nothing more here.
  return graphQLError('INTERNAL_SERVER_ERROR', 'Internal server error', {}, error as Error);
}

/** A write that failed after it may have reached the provider: its own error, saying so. */
function inDoubt(error: WriteInDoubtError): GraphQLError {
  const cause = toGraphQLError(error.cause);
  const what = error.isCreate
    ? ' The client may have been created: a retry under the same idempotencyKey never creates it twice; '
      + 'without a key, look for it before creating it again.'
    : ' The change may have been made: read the client to see.';
  return new GraphQLError(cause.message.replace(/\.?$/, '.') + what, {
    ...(cause.originalError ? { originalError: cause.originalError } : {}),
    extensions: { ...cause.extensions, outcome: 'UNKNOWN' },
  });
}

/** A malformed id, with what is wrong with it (clients/global-id.ts). */
export function badId(id: string, problem: string): GraphQLError {
  return graphQLError('BAD_USER_INPUT', `"${id}" is not a client id: ${problem}`);
}

/**
 * `label` is how the provider's module names it ("Fatora"); `hint`, what the caller can do
 * about it (the header to send its own credential in).
 */
export function notConfigured(provider: Provider, label: string, hint?: string): GraphQLError {
  const message = `${label} is not configured on this server${hint ? `; ${hint}` : ''}`;
  return toGraphQLError(new UpstreamError('PROVIDER_NOT_CONFIGURED', message, { provider }));
}
