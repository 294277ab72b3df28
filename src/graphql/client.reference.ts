import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { ClientRecord } from '../clients/client.js';
import { loadClient } from './client.lookup.js';
import type { Context } from './context.js';
import { badId, graphQLError, toGraphQLError } from './errors.js';

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

/**
 * Makes an unknown `__typename` in `_entities` an error for that representation alone.
 * @apollo/subgraph's resolver throws for the whole list on the first one, so the valid
 * references beside it (already being fetched) were lost and the answer was a masked
 * internal error. Only known types reach it now; the others get their own error in place.
 */
export function entitiesPerRepresentation(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return schema;
  const known = (typename: unknown) => {
    const type = typeof typename === 'string' ? schema.getType(typename) : undefined;
    return Boolean(type && (isObjectType(type) || isInterfaceType(type)));
  };
  field.resolve = async (source, args: { representations: Array<{ __typename?: unknown }> }, context, info) => {
    const { representations } = args;
    if (representations.every((r) => known(r.__typename))) return resolve(source, args, context, info);
    const served = (await resolve(source, { ...args, representations: representations.filter((r) => known(r.__typename)) }, context, info)) as unknown[];
    let next = 0;
    return representations.map((r) => (known(r.__typename) ? served[next++] : graphQLError(
      'BAD_USER_INPUT',
      `_entities got a representation of type ${JSON.stringify(r.__typename ?? null)}, which this subgraph does not define; it resolves Client`,
    )));
  };
  return schema;
}
