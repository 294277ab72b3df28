import { isInputObjectType, isObjectType, type GraphQLField, type GraphQLInputField, type GraphQLSchema } from 'graphql';
import { FILTER_FIELDS, type FilterField, type Listing } from '../clients/list-port.js';
import { listingOf } from '../clients/list-capabilities.js';
import type { ProviderFacts } from '../clients/provider.js';

/**
 * Adds to the list and find descriptions what each provider does, generated from the modules'
 * `filters` (the declarations clientList and findClients check against), so no description
 * lists providers by hand: each ClientFilter field and findClients argument says which
 * providers serve it, and hasNextPage and totalCount say what they mean at each. Runs on the
 * built schema, before it is printed.
 */
export function addListNotes(schema: GraphQLSchema, providers: readonly ProviderFacts[]): void {
  const listings = providers.map((facts) => ({ label: facts.label, listing: listingOf(facts) }));
  const filter = schema.getType('ClientFilter');
  if (isInputObjectType(filter)) {
    for (const field of FILTER_FIELDS) note(filter.getFields()[field], served(listings, field, false));
  }
  const query = schema.getQueryType();
  for (const arg of query?.getFields().findClients?.args ?? []) {
    if ((FILTER_FIELDS as readonly string[]).includes(arg.name)) note(arg, served(listings, arg.name as FilterField, true));
  }
  const perProvider = (say: (listing: Listing) => string) => listings
    .map(({ label, listing }) => (listing ? `${label}: ${say(listing)}.` : `${label}: no list.`)).join(' ');
  const pageInfo = schema.getType('PageInfo');
  if (isObjectType(pageInfo)) note(pageInfo.getFields().hasNextPage, perProvider((listing) => listing.hasNextPage));
  const connection = schema.getType('ClientConnection');
  if (isObjectType(connection)) note(connection.getFields().totalCount, perProvider((listing) => listing.totalCount));
}

type Described = Pick<GraphQLField<unknown, unknown> | GraphQLInputField, 'description'>;

function note(target: Described | undefined, sentence: string): void {
  if (target) target.description = `${target.description ?? ''} ${sentence}`.trim();
}

function served(listings: ReadonlyArray<{ label: string; listing: Listing | null }>, field: FilterField, find: boolean): string {
  const rules = listings.map(({ label, listing }) => ({ label, rule: listing?.by[field] }));
  const yes = rules.filter(({ rule }) => rule && (!find || rule.find)).map(({ label, rule }) => `${label}: ${rule!.matches}`);
  const no = rules.filter(({ rule }) => !rule || (find && !rule.find)).map(({ label }) => label);
  if (find) {
    return `${yes.length > 0 ? `Looked up at ${yes.join('; ')}.` : ''}${no.length > 0 ? ` Skipped at ${no.join(', ')}.` : ''}`.trim();
  }
  return `${yes.length > 0 ? `Served by ${yes.join('; ')}.` : ''}${no.length > 0 ? ` UNSUPPORTED_FILTER at ${no.join(', ')}.` : ''}`.trim();
}
