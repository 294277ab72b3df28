import { GraphQLError } from 'graphql';
import type { Provider } from '../clients/client.js';
import { UpstreamError } from '../clients/errors.js';
import { OutcomeUnknownError, WriteInDoubtError } from '../clients/outcome.js';
import { providerText } from '../clients/provider-text.js';
import { StateUnavailableError, UpdateBusyError } from '../state/errors.js';

/**
 * The one place where provider-side errors become GraphQL errors. Only our own messages and
 * codes go out: no stack, no URL, no credential.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof WriteInDoubtError) return inDoubt(error);
  if (error instanceof StateUnavailableError) return new GraphQLError(error.message, { extensions: { code: 'STATE_UNAVAILABLE' } });
  if (error instanceof UpdateBusyError) return new GraphQLError(error.message, { extensions: { code: 'CLIENT_BUSY' } });
  if (error instanceof OutcomeUnknownError) {
    return new GraphQLError(
      `An earlier create under this idempotencyKey ended without a known outcome (${providerText(error.firstFailure)}), so ${error.label} `
        + `may already hold this client. It is not sent again blindly: look for it (${error.whereToLook}) and create it under `
        + 'a new idempotencyKey only if it is not there.',
      { extensions: { code: 'OUTCOME_UNKNOWN', provider: error.provider, outcome: 'UNKNOWN' } },
    );
  }
  if (error instanceof UpstreamError) {
    // Messages may quote the provider's own text: scrubbed of anything credential-like, capped.
    return new GraphQLError(providerText(error.message), {
      extensions: {
        code: error.code,
        provider: error.provider,
        ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
      },
    });
  }
  // Anything else is our bug: log it server-side (formatError) and say nothing more here.
  return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' }, originalError: error as Error });
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
  return new GraphQLError(`"${id}" is not a client id: ${problem}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * `label` is how the provider's module names it ("Fatora"); `hint`, what the caller can do
 * about it (the header to send its own credential in).
 */
export function notConfigured(provider: Provider, label: string, hint?: string): GraphQLError {
  const message = `${label} is not configured on this server${hint ? `; ${hint}` : ''}`;
  return toGraphQLError(new UpstreamError('PROVIDER_NOT_CONFIGURED', provider, message));
}
