import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ClientRecord, Provider } from '../clients/client.js';
import type { Matches } from '../clients/find-clients.js';
import { ClientMatches } from './client-list.type.js';
import { Client } from './client.type.js';
import { rethrow } from './client.lookup.js';
import type { Context } from './context.js';
import { ProviderEnum } from './provider-enum.js';

@Resolver(() => Client)
export class ClientMatchesResolver {
  @FieldResolver(() => ClientMatches, {
    description: 'This customer at the other providers: matched exactly, never by name. One lookup per provider, by the link first '
      + '(this client\'s externalId naming a client there, or a copy there carrying this client\'s id in its link field, see '
      + 'providers { linkField }), else the tax number, else the email, where that provider can find by it exactly. providers says '
      + 'what happened at each (SEARCHED, with the lookup in reason; SKIPPED; FAILED), as in findClients. Never this client itself; '
      + 'many clients asking in one request cost one lookup per distinct customer per provider.',
  })
  matches(
    @Root() client: ClientRecord,
    @Arg('providers', () => [ProviderEnum()], {
      nullable: true,
      description: 'Only these providers (in provider order); none: every provider other than this client\'s own.',
    }) providers: Provider[] | null | undefined,
    @Ctx() context: Context,
  ): Promise<Matches> {
    const targets = [...context.providers.values()].filter(({ facts }) => (providers
      ? providers.includes(facts.id)
      : facts.id !== client.provider));
    return context.matches.of(client, targets).catch(rethrow);
  }
}
