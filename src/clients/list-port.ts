import type { ClientRecord } from './client.js';
import type { RequestScope } from './scope.js';

/**
 * What a provider can list and find clients by: the provider side of `clientList` and
 * `findClients`. Each provider declares it beside its list call (src/providers/<name>/list.ts);
 * the core refuses anything a provider has not declared before any upstream call.
 */

/** The fields of the GraphQL ClientFilter, in the order messages and tables list them. */
export const FILTER_FIELDS = ['search', 'email', 'taxNumber', 'externalId'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Filter values, trimmed and non-empty (an empty search box means "no filter"). */
export type ClientFilter = Partial<Record<FilterField, string>>;

/** How a provider pages its list. */
export type Paging =
  /** The caller chooses the page size, from 1 up to `max` (Fatora, Daftra). */
  | { kind: 'sized'; max: number }
  /** The provider decides the page size (none of ours today; the page mapping handles it). */
  | { kind: 'fixed'; size: number }
  /** One answer holds every match, no paging at all (Invisible Collector's find). */
  | { kind: 'single' };

export interface FilterCapability {
  /** How the provider matches this field, for people (the README table, the schema). */
  matches: string;
  /** Whether findClients can look clients up by it (exact matches only: checked on what the provider answers). */
  find: boolean;
}

export interface ListCapability {
  /** The filters the provider can serve; any other is UNSUPPORTED_FILTER. */
  filters: Partial<Record<FilterField, FilterCapability>>;
  /** Whether a list without any filter is possible (Invisible Collector has no list). */
  unfiltered: boolean;
  paging: Paging;
  /** What hasNextPage and totalCount mean at this provider, for people. */
  hasNextPage: string;
  totalCount: string;
}

/** One upstream page to fetch. `page` counts from 1; `size` is unused for single-answer paging. */
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

/** The optional list side of a provider. */
export interface ClientLister {
  readonly listing?: ListCapability;
  /** One upstream page of clients matching `query.filter`; only declared filters are ever passed. */
  list?(query: ListQuery, scope: RequestScope): Promise<ListPage>;
}
