import { Directive, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Provider } from '../clients/client.js';
import type { FilterField } from '../clients/list-port.js';
import { SearchStatus } from '../clients/find-clients.js';
import { Client } from './client.type.js';
import { ProviderEnum } from './provider-enum.js';

/** The ClientFilter fields, as enum values: what `providers { filters }` answers. */
export enum ClientFilterField {
  SEARCH = 'search',
  EMAIL = 'email',
  TAX_NUMBER = 'taxNumber',
  EXTERNAL_ID = 'externalId',
}

registerEnumType(ClientFilterField, {
  name: 'ClientFilterField',
  description: 'A field of ClientFilter.',
  valuesConfig: {
    SEARCH: { description: 'ClientFilter.search' },
    EMAIL: { description: 'ClientFilter.email' },
    TAX_NUMBER: { description: 'ClientFilter.taxNumber' },
    EXTERNAL_ID: { description: 'ClientFilter.externalId' },
  },
});

registerEnumType(SearchStatus, {
  name: 'SearchStatus',
  description: 'What findClients (or Client.matches) did at one provider.',
  valuesConfig: {
    SEARCHED: { description: 'The provider was asked; its matches are in ClientMatches.clients.' },
    SKIPPED: { description: 'Not asked: it cannot find by a given field, or it is not configured (reason and code say which).' },
    FAILED: { description: 'Asked, and the call failed (code is the upstream error code, e.g. UPSTREAM_UNAVAILABLE).' },
  },
});

@InputType('ClientFilter', {
  description: 'What to list clients by; fields combine with AND. Each provider serves only some of them (see providers { filters }); '
    + 'any other is refused with UNSUPPORTED_FILTER before any upstream call. Values are trimmed; an empty value is no filter.',
})
export class ClientFilterInput {
  @Field(() => String, { nullable: true, description: 'Free text, matched as the provider matches it.' })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Tax or VAT number.' })
  taxNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'External id.' })
  externalId?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One filter a provider can serve.' })
export class ProviderFilter {
  @Field(() => ClientFilterField, { description: 'The ClientFilter field.' })
  field!: FilterField;

  @Field({ description: 'How the provider matches it (its own parameter name and what is known of its matching).' })
  matches!: string;

  @Field({ description: 'Whether findClients can look clients up by it at this provider (exact matches only).' })
  find!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A client in a list, with the cursor to continue after it.' })
export class ClientEdge {
  @Field({ description: 'Opaque; pass it as `after` (or `before`), with the same provider and filter, to continue after (or before) this client.' })
  cursor!: string;

  @Field(() => Client, { description: 'The client.' })
  node!: Client;
}

// Shareable: PageInfo is Relay's, and nearly every Relay-style subgraph defines the same
// type with the same four fields; a supergraph needs each side to allow the other's.
@Directive('@shareable')
@ObjectType({ simpleResolvers: true, description: 'Where a page of a connection stands (Relay\'s PageInfo).' })
export class PageInfo {
  @Field({
    description: 'Whether clients follow this page (going backward: true when before was given). What each provider bases it on going forward:',
  })
  hasNextPage!: boolean;

  @Field({ description: 'Whether clients come before this page: true when it does not start at the first client.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first edge, for last/before; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge, for first/after; null when the page is empty.' })
  endCursor!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A page of clients of one provider (a Relay connection). A page is at most one upstream page long: it may hold fewer '
    + 'than first clients where the provider pages smaller than first, and the next continues exactly after it.',
})
export class ClientConnection {
  @Field(() => [ClientEdge], { description: 'The clients of this page, in the provider\'s order.' })
  edges!: ClientEdge[];

  @Field(() => PageInfo, { description: 'Whether more may follow or come before, and the cursors to ask for them with.' })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    nullable: true,
    description: 'How many clients match in all, where the provider says; null where it does not:',
  })
  totalCount!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'What findClients (or Client.matches) did at one provider.' })
export class ProviderSearch {
  @Field(() => ProviderEnum(), { description: 'The provider this outcome is about.' })
  provider!: Provider;

  @Field(() => SearchStatus, { description: 'Searched, skipped or failed.' })
  status!: SearchStatus;

  @Field(() => String, { nullable: true, description: 'Why it was skipped or failed, or a note on a search (e.g. more candidates than were looked at).' })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'FAILED: the upstream error code (as extensions.code elsewhere). SKIPPED: UNSUPPORTED_FILTER or PROVIDER_NOT_CONFIGURED '
      + '(null for Client.matches at the client\'s own provider).',
  })
  code!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Exact matches at every provider that could be asked, and what happened at each.' })
export class ClientMatches {
  @Field(() => [Client], { description: 'Every match, in provider order (at most 20 per provider).' })
  clients!: Client[];

  @Field(() => [ProviderSearch], { description: 'One entry per provider, in provider order.' })
  providers!: ProviderSearch[];
}
