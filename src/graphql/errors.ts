import { GraphQLError } from 'graphql';
import { PROVIDER_LABEL, type Provider } from '../clients/client.js';
import { UpstreamError } from '../clients/errors.js';

/**
 * The one place where provider-side errors become GraphQL errors. Only our own messages and
 * codes go out: no stack, no URL, no credential.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof UpstreamError) {
    return new GraphQLError(error.message, {
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

/** A malformed id, with what is wrong with it (clients/global-id.ts). */
export function badId(id: string, problem: string): GraphQLError {
  return new GraphQLError(`"${id}" is not a client id: ${problem}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

export function notConfigured(provider: Provider): GraphQLError {
  return toGraphQLError(new UpstreamError('PROVIDER_NOT_CONFIGURED', provider, `${PROVIDER_LABEL[provider]} is not configured on this server`));
}
