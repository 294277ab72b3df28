import { GraphQLError } from 'graphql';
import type { Provider } from '../clients/client.js';
import { UpstreamError } from '../clients/errors.js';
import { providerText } from '../clients/provider-text.js';

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

/** A malformed id, with what is wrong with it (clients/global-id.ts). */
export function badId(id: string, problem: string): GraphQLError {
  return new GraphQLError(`"${id}" is not a client id: ${problem}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** `label` is how the provider's module names it ("Fatora"). */
export function notConfigured(provider: Provider, label: string): GraphQLError {
  return toGraphQLError(new UpstreamError('PROVIDER_NOT_CONFIGURED', provider, `${label} is not configured on this server`));
}
