import type { ClientRecord } from './client.js';

/**
 * The provider side of `clientList` and `findClients`: what a provider declares it can list
 * and find clients by (the `filters` of its module, src/providers/<name>/index.ts), and the
 * one call its API makes for a page. The core refuses anything a provider has not declared
 * before any upstream call; the capabilities query and the README's filter table read the
 * same declaration. And the filter both take (ClientFilter, normaliseFilter of the caller's input).
 */

/** The fields of the GraphQL ClientFilter, in the order messages and tables list them. */
export const FILTER_FIELDS = ['search', 'email', 'taxNumber', 'externalId'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Filter values, trimmed and non-empty (an empty search box means "no filter"). */
export type ClientFilter = Partial<Record<FilterField, string>>;

/** A caller's filter as the core takes it: trimmed values; an empty one is no filter (an empty search box). */
export function normaliseFilter(input: Partial<Record<FilterField, string | null | undefined>> | null | undefined): ClientFilter {
  const filter: ClientFilter = {};
  for (const field of FILTER_FIELDS) {
    const value = input?.[field]?.trim();
    if (value) filter[field] = value;
  }
  return filter;
}

/** How a provider pages its list. */
export type Paging =
  /** The caller chooses the page size, from 1 up to `max` (Fatora, Daftra). */
  | { kind: 'sized'; max: number }
  /** The provider decides the page size (none of ours today; the page mapping handles it). */
  | { kind: 'fixed'; size: number }
  /** One answer holds every match, no paging at all (Invisible Collector's find). */
  | { kind: 'single' };

/** How a provider serves one ClientFilter field. */
export interface FilterRule {
  /** Its own parameter for it and how it matches, for people (the README, the providers query). */
  matches: string;
  /** Whether findClients looks clients up by it here (what comes back is checked for an exact match). */
  find: boolean;
}

/** The `filters` of a provider with neither a list nor a search: every filter is UNSUPPORTED_FILTER. */
export interface NoListing {
  readonly by?: undefined;
}

/** The `filters` of a provider whose API can list or search clients (its `list`). */
export interface Listing {
  /** The filters it serves; any other is UNSUPPORTED_FILTER. */
  readonly by: Readonly<Partial<Record<FilterField, FilterRule>>>;
  /** Whether a list without any filter is possible (Invisible Collector has no list, only a search). */
  readonly unfiltered: boolean;
  readonly paging: Paging;
  /**
   * Whether `last` without `before` (a page from the end) can be served: the provider says
   * how many clients match (or answers them all at once). Backward from a cursor always can.
   */
  readonly fromEnd: boolean;
  /** The upstream call a page is, for people. */
  readonly calls: string;
  /** What hasNextPage and totalCount mean at this provider, for people (the README, the schema). */
  readonly hasNextPage: string;
  readonly totalCount: string;
}

/** What a provider can list and find clients by, declared in its module. `{}`: nothing. */
export type FilterCapabilities = NoListing | Listing;

/** One upstream page to fetch. `page` counts from 1; `size` is 0 for single-answer paging. */
export interface ListQuery {
  filter: ClientFilter;
  page: number;
  size: number;
}

export interface ListPage {
  /** The clients of that upstream page, in the provider's order. */
  clients: ClientRecord[];
  /** Whether the provider says (or, without pagination data, suggests) a page follows. */
  hasMore: boolean;
  /** How many clients match in all, when the provider says; else null. */
  total: number | null;
}
