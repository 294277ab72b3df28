import type { ClientRecord, Provider } from './client.js';
import { decodeCursor, encodeCursor, filterHash, type ListIdentity, type Position } from './cursor.js';
import { UpstreamError } from './errors.js';
import { FILTER_FIELDS, type ClientFilter, type FilterField, type Listing, type ListPage, type ListQuery } from './list-port.js';
import type { RequestLoaders } from './loaders.js';
import { planPage, slicePage, START } from './paging.js';
import type { ProviderApi, ProviderFacts } from './provider.js';
import type { RequestScope } from './scope.js';

/**
 * clientList and findClients, provider-independent: validate, refuse what a provider cannot
 * serve before any call, fetch exactly one upstream page per provider, prime the request's
 * loaders with every client returned.
 */

export const MAX_FIRST = 100;
export const DEFAULT_FIRST = 20;
/** The most matches findClients takes from one provider (one upstream page). */
export const FIND_MATCH_LIMIT = 20;

/** Input the caller can fix: BAD_USER_INPUT. */
export class ListInputError extends Error {
  override readonly name = 'ListInputError';
}

/** A filter (or, with `field` null, no filter) the provider cannot serve: UNSUPPORTED_FILTER. */
export class UnsupportedFilterError extends Error {
  override readonly name = 'UnsupportedFilterError';
  constructor(readonly provider: Provider, readonly field: FilterField | null, message: string) {
    super(message);
  }
}

/** Trimmed values; an empty one is no filter (an empty search box). */
export function normaliseFilter(input: Partial<Record<FilterField, string | null | undefined>> | null | undefined): ClientFilter {
  const filter: ClientFilter = {};
  for (const field of FILTER_FIELDS) {
    const value = input?.[field]?.trim();
    if (value) filter[field] = value;
  }
  return filter;
}

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
function listerOf(api: ProviderApi): { listing: Listing; list: NonNullable<ProviderApi['list']> } {
  const listing = listingOf(api.facts);
  if (!listing || !api.list) throw new Error(`${api.facts.label} declares filters without a list call, or the reverse`);
  return { listing, list: api.list.bind(api) };
}

/** One upstream page, queued in the request's per-provider slots and registered with its loaders. */
function fetchPage(api: ProviderApi, query: ListQuery, loaders: RequestLoaders, scope: RequestScope): Promise<ListPage> {
  const { list } = listerOf(api);
  return loaders.listing(api.facts.id, () => list(query, scope));
}

export interface ListRequest {
  first: number;
  after: string | null | undefined;
  filter: ClientFilter;
}

export interface PreparedList {
  api: ProviderApi;
  first: number;
  filter: ClientFilter;
  identity: ListIdentity;
  at: Position;
}

/** Everything checked that can be checked without a call: first, the filter, the cursor. */
export function prepareList(api: ProviderApi, request: ListRequest): PreparedList {
  const { first, filter } = request;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw new ListInputError(`first must be from 1 to ${MAX_FIRST}, not ${first}`);
  checkFilter(api.facts, filter);
  const identity: ListIdentity = { provider: api.facts.id, first, filter: filterHash(filter) };
  let at = START;
  if (request.after !== null && request.after !== undefined) {
    try {
      at = decodeCursor(request.after, identity);
    } catch (error) {
      throw new ListInputError(`after ${(error as Error).message}`);
    }
  }
  return { api, first, filter, identity, at };
}

export interface ClientListPage {
  edges: Array<{ cursor: string; node: ClientRecord }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

export async function fetchList(list: PreparedList, loaders: RequestLoaders, scope: RequestScope): Promise<ClientListPage> {
  const { api, identity } = list;
  const { facts } = api;
  const plan = planPage(listerOf(api).listing.paging, list.first, list.at);
  const page = await fetchPage(api, { filter: list.filter, page: plan.page, size: plan.size }, loaders, scope);
  if (plan.size > 0 && page.clients.length > plan.size) {
    // Paging on would skip or repeat clients: refuse rather than guess.
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', facts.id, `${facts.label} sent ${page.clients.length} clients for a page of ${plan.size}`);
  }
  const slice = slicePage(plan, page.clients, page.hasMore);
  const nodes = slice.items.map(({ item }) => item);
  loaders.listed(facts.id, nodes);
  const edges = slice.items.map(({ item, after }) => ({ cursor: encodeCursor(identity, after), node: item }));
  return {
    edges,
    pageInfo: {
      hasNextPage: slice.hasNextPage,
      endCursor: edges.length > 0 ? edges[edges.length - 1]!.cursor : slice.hasNextPage ? encodeCursor(identity, slice.next) : null,
    },
    totalCount: page.total,
  };
}

export enum SearchStatus {
  SEARCHED = 'SEARCHED',
  SKIPPED = 'SKIPPED',
  FAILED = 'FAILED',
}

export interface ProviderSearch {
  provider: Provider;
  status: SearchStatus;
  reason: string | null;
  code: string | null;
}

export interface Matches {
  clients: ClientRecord[];
  providers: ProviderSearch[];
}

/** The fields findClients looks up by. */
const FIND_FIELDS = ['email', 'taxNumber', 'externalId'] as const satisfies readonly FilterField[];

/**
 * One exact lookup at each provider, side by side; each provider's outcome is reported on
 * its own, so one failing or unconfigured provider never hides the others' matches.
 */
export async function findClients(
  providers: ReadonlyArray<{ api: ProviderApi; configured: boolean }>,
  criteria: ClientFilter,
  loaders: RequestLoaders,
  scope: RequestScope,
): Promise<Matches> {
  const given = FIND_FIELDS.filter((field) => criteria[field] !== undefined);
  if (given.length === 0) throw new ListInputError(`give at least one of ${FIND_FIELDS.join(', ')}`);
  const outcomes = await Promise.all(providers.map(({ api, configured }) => findAt(api, configured, criteria, given, loaders, scope)));
  return {
    clients: outcomes.flatMap((outcome) => outcome.clients),
    providers: outcomes.map((outcome) => outcome.search),
  };
}

/** One provider's part of findClients (also `matches`' exact lookup): its clients and what happened there. */
export interface FoundAt {
  clients: ClientRecord[];
  search: ProviderSearch;
}

export async function findAt(
  api: ProviderApi,
  configured: boolean,
  criteria: ClientFilter,
  given: readonly FilterField[],
  loaders: RequestLoaders,
  scope: RequestScope,
): Promise<FoundAt> {
  const { id: name, label } = api.facts;
  const outcome = (status: SearchStatus, reason: string | null, code: string | null, clients: ClientRecord[] = []) =>
    ({ clients, search: { provider: name, status, reason, code } });
  const can = findFilters(api.facts);
  const cannot = given.filter((field) => !can.includes(field));
  if (cannot.length > 0) {
    const canSay = can.length > 0 ? `it can find by ${can.join(', ')}` : 'it cannot find clients';
    return outcome(SearchStatus.SKIPPED, `${label} cannot find clients by ${cannot.join(', ')}; ${canSay}`, 'UNSUPPORTED_FILTER');
  }
  if (!configured) return outcome(SearchStatus.SKIPPED, `${label} is not configured on this server`, 'PROVIDER_NOT_CONFIGURED');
  const filter: ClientFilter = Object.fromEntries(given.map((field) => [field, criteria[field]]));
  const plan = planPage(listerOf(api).listing.paging, FIND_MATCH_LIMIT);
  try {
    const page = await fetchPage(api, { filter, page: 1, size: plan.size }, loaders, scope);
    // Exact matches only, whatever the provider's filter matched; and never more than a page.
    const exact = page.clients.filter((client) => given.every((field) => matches(client, field, criteria[field]!)));
    const clients = exact.slice(0, FIND_MATCH_LIMIT);
    loaders.listed(name, clients);
    const more = page.hasMore || page.clients.length > FIND_MATCH_LIMIT;
    return outcome(SearchStatus.SEARCHED, more ? `only the first ${FIND_MATCH_LIMIT} candidates were looked at; there may be more matches` : null, null, clients);
  } catch (error) {
    if (error instanceof UpstreamError) return outcome(SearchStatus.FAILED, error.message, error.code);
    throw error;
  }
}

/** Emails match ignoring case (as mail systems treat them); tax numbers and external ids exactly. */
function matches(client: ClientRecord, field: FilterField, value: string): boolean {
  switch (field) {
    case 'email': return client.email !== null && client.email.toLowerCase() === value.toLowerCase();
    case 'taxNumber': return client.taxNumber === value;
    case 'externalId': return client.externalId === value;
    default: return false;
  }
}
