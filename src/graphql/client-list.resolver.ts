import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Provider } from '../clients/client.js';
import { DEFAULT_FIRST, MAX_FIRST, fetchList, prepareList } from '../clients/client-list.js';
import { ListInputError, UnsupportedFilterError } from '../clients/errors.js';
import { findClients } from '../clients/find-clients.js';
import { normaliseFilter } from '../clients/list-port.js';
import { ClientConnection, ClientFilterInput, ClientMatches } from './client-list.type.js';
import { configuredProvider, isConfigured, rethrow } from './client.lookup.js';
import type { Context } from './context.js';
import { toGraphQLError } from './errors.js';
import { ProviderEnum } from './provider-enum.js';

@Resolver()
export class ClientListResolver {
  // Nullable, as every root field that can fail: a bad argument or a provider down nulls this
  // field alone (with its error), never the other root fields of the operation beside it.
  @Query(() => ClientConnection, {
    nullable: true,
    description: 'A page of the clients of one provider, optionally filtered (see providers { filters } for what each can '
      + 'serve): first clients after a cursor (default: the first 20), or last clients before one. Any page size may follow any '
      + 'cursor; a page is at most one upstream page long, so it may hold fewer than first where the provider pages smaller, and '
      + 'costs one upstream call, two where it straddles two upstream pages. last without before: see providers { pagesFromEnd }.',
  })
  async clientList(
    @Arg('provider', () => ProviderEnum(), { description: 'The provider whose clients to list.' }) provider: Provider,
    @Arg('first', () => Int, { nullable: true, description: `Clients per page, 1 to ${MAX_FIRST}; with neither first nor last, ${DEFAULT_FIRST}.` })
    first: number | null | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor (pageInfo.endCursor or an edge\'s cursor).' })
    after: string | null | undefined,
    @Arg('last', () => Int, { nullable: true, description: `Clients per page going backward, 1 to ${MAX_FIRST}; not with first.` })
    last: number | null | undefined,
    @Arg('before', () => String, {
      nullable: true,
      description: 'Go back from this cursor (pageInfo.startCursor or an edge\'s cursor); without it, last starts from the end.',
    })
    before: string | null | undefined,
    @Arg('filter', () => ClientFilterInput, { nullable: true, description: 'Only clients matching all of it; none: every client.' }) filter: ClientFilterInput | null | undefined,
    @Ctx() context: Context,
  ) {
    const prepared = guard(() => prepareList(context.providers.get(provider)!, { first, after, last, before, filter: normaliseFilter(filter) }));
    configuredProvider(context, provider);
    return fetchList(prepared, context.loaders, context.scope).catch(rethrow);
  }

  @Query(() => ClientMatches, {
    nullable: true,
    description: 'Does this customer exist anywhere? An exact lookup at every configured provider that can find by all the '
      + 'given fields (combined with AND), side by side. One provider failing or not configured never hides the others\' matches: '
      + 'providers says what happened at each.',
  })
  async findClients(
    @Arg('email', () => String, { nullable: true, description: 'Email address: what a provider answers must equal it, ignoring case.' }) email: string | null | undefined,
    @Arg('taxNumber', () => String, { nullable: true, description: 'Tax or VAT number, exact.' }) taxNumber: string | null | undefined,
    @Arg('externalId', () => String, { nullable: true, description: 'External id, exact.' }) externalId: string | null | undefined,
    @Ctx() context: Context,
  ) {
    const criteria = normaliseFilter({ email, taxNumber, externalId });
    const providers = [...context.providers.values()].map((api) => ({ api, configured: isConfigured(context, api.facts.id) }));
    return findClients(providers, criteria, context.loaders, context.scope).catch((error) => rethrow(refusal(error)));
  }
}

/** Our own refusals as GraphQL errors; anything else passes through. */
function guard<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw refusal(error);
  }
}

function refusal(error: unknown): unknown {
  return error instanceof ListInputError || error instanceof UnsupportedFilterError ? toGraphQLError(error) : error;
}
