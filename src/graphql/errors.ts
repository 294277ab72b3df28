import { GraphQLError } from 'graphql';
import { PROVIDER_LABEL, type Provider } from '../clients/client.js';
import { UpstreamError } from '../providers/errors.js';
import { providerText } from '../providers/scrub.js';

/**
 * The one place where provider-side errors become GraphQL errors. Only our own messages and
 * codes go out: no stack, no URL, no credential.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
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

export function badId(id: string): GraphQLError {
  return new GraphQLError(
    `"${id}" is not a client id: expected "<provider>:<id>", e.g. "fatora:1024", "daftra:512" or "invisible-collector:<gid>"`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

export function notConfigured(provider: Provider): GraphQLError {
  return toGraphQLError(new UpstreamError('PROVIDER_NOT_CONFIGURED', provider, `${PROVIDER_LABEL[provider]} is not configured on this server`));
}
