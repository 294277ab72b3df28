import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { parseGlobalId } from '../clients/global-id.js';
import { createClient, updateClient, type WriteResult } from '../clients/writes.js';
import { CreateClientInput, UpdateClientInput } from './client.inputs.js';
import { Client, ProviderStatus } from './client.type.js';
import type { Context } from './context.js';
import { configuredProvider, isConfigured, loadClient, rethrow } from './client.lookup.js';
import { badId, toGraphQLError } from './errors.js';
import { ClientPayload } from './payloads.js';

@Resolver(() => Client)
export class ClientResolver {
  @Query(() => Client, {
    nullable: true,
    description: 'One client by global id; null when its provider says it does not exist.',
  })
  client(@Arg('id', () => ID, { description: 'Global id, e.g. "fatora:1024".' }) id: string, @Ctx() context: Context) {
    return loadClient(context, id);
  }

  @Query(() => [Client], {
    nullable: 'items',
    description: 'Clients by global id, in the order asked; null where one does not exist. A repeated id costs one upstream call. '
      + 'A bad id or a failing provider gives an error for those entries alone.',
  })
  clients(@Arg('ids', () => [ID], { description: 'Global ids; repeats are allowed and cost nothing extra.' }) ids: string[], @Ctx() context: Context) {
    // Each entry resolves on its own: a GraphQLError value becomes an error at that index
    // (graphql-js completes Error values as field errors) while the others keep their data.
    return ids.map((id) => loadClient(context, id).catch(toGraphQLError));
  }

  @Query(() => [ProviderStatus], {
    description: 'Every provider this API knows, and whether it can be used by this request (server credentials, or the request\'s own).',
  })
  providers(@Ctx() context: Context): ProviderStatus[] {
    return [...context.providers.keys()].map((provider) => ({ provider, configured: isConfigured(context, provider) }));
  }

  @Mutation(() => ClientPayload, { description: 'Creates a client at the given provider.' })
  async createClient(@Arg('input', { description: 'The new client, and the provider to create it at.' }) input: CreateClientInput, @Ctx() context: Context): Promise<WriteResult> {
    const { provider: name, ...fields } = input;
    const provider = configuredProvider(context, name);
    return createClient(provider, context.loaders, context.scope, fields).catch(rethrow);
  }

  @Mutation(() => ClientPayload, {
    description: 'Changes exactly the fields given; a field given as null is cleared. An unknown id is a NOT_FOUND userError.',
  })
  async updateClient(
    @Arg('id', () => ID, { description: 'Global id of the client to change.' }) id: string,
    @Arg('input', { description: 'Only the fields to change.' }) input: UpdateClientInput,
    @Ctx() context: Context,
  ): Promise<WriteResult> {
    const parsed = parseGlobalId(id, context.providers);
    if (!parsed) throw badId(id);
    const provider = configuredProvider(context, parsed.provider);
    return updateClient(provider, context.loaders, context.scope, parsed.providerId, { ...input }).catch(rethrow);
  }
}
