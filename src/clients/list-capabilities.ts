import { UnsupportedFilterError } from './errors.js';
import { FILTER_FIELDS, type ClientFilter, type FilterField, type Listing, type ListPage, type ListQuery } from './list-port.js';
import type { RequestLoaders } from './loaders.js';
import type { ProviderApi, ProviderFacts } from './provider.js';
import type { RequestScope } from './scope.js';

/**
 * What a provider can list and find clients by, read from its module's declaration (the
 * `filters` of list-port.ts): for the capabilities query, the README's tables, and the checks
 * clientList and findClients make before any call; and the one way both call its list.
 */

/** The provider's list declaration, or null when its module declares none (`filters: {}`). */
export function listingOf(facts: ProviderFacts): Listing | null {
  return facts.filters.by ? facts.filters : null;
}

/** The filters a provider can list by, in the schema's order. */
export function listFilters(facts: ProviderFacts): FilterField[] {
  const declared = listingOf(facts)?.by ?? {};
  return FILTER_FIELDS.filter((field) => declared[field] !== undefined);
}

/** The filters a provider can find clients by exactly. */
export function findFilters(facts: ProviderFacts): FilterField[] {
  const declared = listingOf(facts)?.by ?? {};
  return FILTER_FIELDS.filter((field) => declared[field]?.find === true);
}

/** The filters a provider serves with how it matches each: what the providers query shows. */
export function filterRulesOf(facts: ProviderFacts): Array<{ field: FilterField; matches: string; find: boolean }> {
  const declared = listingOf(facts)?.by ?? {};
  return listFilters(facts).map((field) => ({ field, ...declared[field]! }));
}

/** Whether clientList works at this provider without any filter. */
export function listsWithoutFilter(facts: ProviderFacts): boolean {
  return listingOf(facts)?.unfiltered === true;
}

/** Throws UnsupportedFilterError unless the provider can list by exactly this filter. */
export function checkFilter(facts: ProviderFacts, filter: ClientFilter): void {
  const can = listFilters(facts);
  const canSay = can.length > 0 ? `it can filter by ${can.join(', ')}` : 'it has no list at all';
  const given = FILTER_FIELDS.filter((field) => filter[field] !== undefined);
  const unsupported = given.find((field) => !can.includes(field));
  if (unsupported) throw new UnsupportedFilterError(facts.id, unsupported, `${facts.label} cannot filter clients by ${unsupported}; ${canSay}.`);
  if (given.length === 0 && !listsWithoutFilter(facts)) {
    throw new UnsupportedFilterError(facts.id, null, `${facts.label} cannot list clients without a filter; ${canSay}.`);
  }
}

/** The declaration and the call of a provider that lists; only reached once checkFilter passed. */
export function listerOf(api: ProviderApi): { listing: Listing; list: NonNullable<ProviderApi['list']> } {
  const listing = listingOf(api.facts);
  if (!listing || !api.list) throw new Error(`${api.facts.label} declares filters without a list call, or the reverse`);
  return { listing, list: api.list.bind(api) };
}

/** One upstream page, queued in the request's per-provider slots and registered with its loaders. */
export function fetchPage(api: ProviderApi, query: ListQuery, loaders: RequestLoaders, scope: RequestScope): Promise<ListPage> {
  const { list } = listerOf(api);
  return loaders.listing(api.facts.id, () => list(query, scope));
}
