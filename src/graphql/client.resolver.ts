import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { canCreate, capabilitiesOf } from '../clients/field-table.js';
import { isBadId, parseGlobalId } from '../clients/global-id.js';
import { filterRulesOf, listingOf, listsWithoutFilter } from '../clients/list-capabilities.js';
import { UserErrorCode } from '../clients/user-errors.js';
import { normaliseInput } from '../clients/validation.js';
import { createClient, updateClient, type WriteResult } from '../clients/writes.js';
import { CreateClientInput, UpdateClientInput } from './client.inputs.js';
import { Client } from './client.type.js';
import { Node } from './node.type.js';
import { ProviderStatus } from './provider.type.js';
import { globalId, type ClientFields } from '../clients/client.js';
import type { Context } from './context.js';
import { configuredProvider, isConfigured, loadClient, rethrow } from './client.lookup.js';
import { badId, toGraphQLError } from './errors.js';
import { ClientPayload } from './payloads.js';
import { keyedWrite, VALIDATE_ONLY } from './write-args.js';

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

  // Relay's refetch fields: the same loaders, budgets and errors as client and clients.
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global id (Relay\'s refetch); null when it does not exist. The same lookup as client.',
  })
  node(@Arg('id', () => ID, { description: 'Global id, e.g. "fatora:1024".' }) id: string, @Ctx() context: Context) {
    return this.client(id, context);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Objects by global id, in the order asked; null where one does not exist. The same lookup as clients.',
  })
  nodes(@Arg('ids', () => [ID], { description: 'Global ids; repeats are allowed and cost nothing extra.' }) ids: string[], @Ctx() context: Context) {
    return this.clients(ids, context);
  }

  @Query(() => [ProviderStatus], {
    description: 'Every provider this API knows, whether it can be used by this request (server credentials, or the request\'s own), '
      + 'what it does with each Client field, and what its clients can be listed and found by.',
  })
  providers(@Ctx() context: Context): ProviderStatus[] {
    return [...context.providers.values()].map(({ facts, rateBudget }) => ({
      provider: facts.id,
      label: facts.label,
      configured: isConfigured(context, facts.id),
      exampleId: globalId(facts.id, facts.exampleId),
      fields: capabilitiesOf(facts.fields).map(({ note, ...capability }) => ({ ...capability, description: note })),
      filters: filterRulesOf(facts),
      listsWithoutFilter: listsWithoutFilter(facts),
      rateBudget: rateBudget && { perSecond: rateBudget.perSecond, burst: rateBudget.burst },
      copyTarget: canCreate(facts.fields),
      linkField: facts.linkField ?? null,
      pagesFromEnd: listingOf(facts)?.fromEnd === true,
    }));
  }

  // Payloads are nullable (the usual practice for mutations): one mutation failing with a
  // GraphQL error then nulls only its own field, never the results of the others beside it.
  @Mutation(() => ClientPayload, {
    nullable: true,
    description: 'Creates a client at the given provider. With an idempotencyKey, a retry of the same create answers the first result '
      + 'instead of creating the client twice.',
  })
  async createClient(
    @Arg('input', { description: 'The new client, and the provider to create it at.' }) input: CreateClientInput,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description: 'Any unique string (a UUID) chosen by the caller for this create, kept 24 hours. The same key with the same input '
        + 'answers the first result without writing again; with another input it is a CONFLICT userError. A create that ended '
        + 'without a known outcome (its error has extensions.outcome UNKNOWN) is never sent again blindly: a retry answers '
        + 'OUTCOME_UNKNOWN where the provider cannot tell whether it already holds the client.',
    }) idempotencyKey: string | null | undefined,
    @Arg('validateOnly', () => Boolean, { defaultValue: false, description: VALIDATE_ONLY }) validateOnly: boolean,
    @Ctx() context: Context,
  ): Promise<WriteResult> {
    const { provider: name, ...fields } = input;
    const provider = configuredProvider(context, name);
    return keyedWrite(context, {
      target: provider.facts,
      idempotencyKey,
      // The normalised input: "" and null for a field mean the same, and so must a retry's.
      fingerprint: () => normaliseInput({ provider: name, ...fields } as ClientFields),
      validateOnly,
      run: () => createClient(provider, context.loaders, context.scope, fields, { validateOnly }),
      refused: (error) => ({ client: null, userErrors: [error] }),
    });
  }

  @Mutation(() => ClientPayload, {
    nullable: true,
    description: 'Changes exactly the fields given; a field given as null is cleared. An unknown id is a NOT_FOUND userError, '
      + 'a malformed one an INVALID userError.',
  })
  async updateClient(
    @Arg('id', () => ID, { description: 'Global id of the client to change.' }) id: string,
    @Arg('input', { description: 'Only the fields to change.' }) input: UpdateClientInput,
    @Arg('validateOnly', () => Boolean, { defaultValue: false, description: VALIDATE_ONLY }) validateOnly: boolean,
    @Ctx() context: Context,
  ): Promise<WriteResult> {
    const parsed = parseGlobalId(id, context.providers);
    // Like NOT_FOUND, a malformed id is something the caller fixes: read from userErrors.
    if (isBadId(parsed)) return userError(['id'], badId(id, parsed.problem).message, UserErrorCode.INVALID);
    const provider = configuredProvider(context, parsed.provider);
    return updateClient(provider, context.loaders, context.scope, parsed.providerId, { ...input }, context.updateGuard, { validateOnly })
      .catch(rethrow);
  }
}

function userError(field: string[], message: string, code: UserErrorCode): WriteResult {
  return { client: null, userErrors: [{ field, message, code }] };
}
