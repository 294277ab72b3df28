import type { ClientRecord } from '../clients/client.js';
import { loadClient } from './client.lookup.js';
import type { Context } from './context.js';
import { badId, toGraphQLError } from './errors.js';

/**
 * Federation's entity lookup (`_entities`): a gateway's representation `{ id }` goes through
 * the same per-request loaders as `client`, so repeated ids cost one upstream call, order is
 * kept, an unknown client is null and a malformed id fails that entity alone.
 *
 * A failure is returned as a GraphQLError value, never as a rejected promise: @apollo/subgraph
 * maps representations one by one and stops at one it cannot type, which would leave the
 * rejections of those before it unhandled. graphql-js turns an Error value into that
 * entity's error all the same.
 */
export async function resolveClientReference(reference: { id?: unknown }, context: Context): Promise<ClientRecord | null | Error> {
  if (typeof reference.id !== 'string') return badId(JSON.stringify(reference.id ?? null), 'a client id is a string');
  return loadClient(context, reference.id).catch(toGraphQLError);
}
