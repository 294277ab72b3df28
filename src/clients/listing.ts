import type { ClientRecord, Provider } from './client.js';
import { decodeCursor, encodeCursor, filterHash, type ListIdentity } from './cursor.js';
import { ServiceError, UpstreamError } from './errors.js';
import { FILTER_FIELDS, type ClientFilter, type FilterField, type Listing, type ListPage, type ListQuery } from './list-port.js';
import type { RequestLoaders } from './loaders.js';
import { readWindow, upstreamSize, windowSize, type PageFetch, type Window } from './paging.js';
import type { ProviderApi, ProviderFacts } from './provider.js';
import type { RequestScope } from './scope.js';

/**
 * clientList and findClients, provider-independent: validate, refuse what a provider cannot
 * serve before any call, fetch the upstream page(s) a window needs (paging.ts; findClients:
 * one page per provider), prime the request's loaders with every client returned.
 */

export const MAX_FIRST = 100;
export const DEFAULT_FIRST = 20;
/** The most matches findClients takes from one provider (one upstream page). */
export const FIND_MATCH_LIMIT = 20;

/** Input the caller can fix: BAD_USER_INPUT. */
export class ListInputError extends ServiceError {
  override readonly name = 'ListInputError';
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

/** A filter (or, with `field` null, no filter) the provider cannot serve: UNSUPPORTED_FILTER. */
export class UnsupportedFilterError extends ServiceError {
  override readonly name = 'UnsupportedFilterError';
  declare readonly provider: Provider;
  constructor(provider: Provider, readonly field: FilterField | null, message: string) {
    super('UNSUPPORTED_FILTER', message, { provider });
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
  first: number | null | undefined;
  after: string | null | undefined;
  last: number | null | undefined;
  before: string | null | undefined;
  filter: ClientFilter;
}

/**
 * Which way a page goes: `first` clients after a cursor (or from the start), or `last`
 * clients before one (or, where the provider says how many it has, from the end).
 */
export type Direction =
  | { kind: 'forward'; wanted: number; after: number | null }
  | { kind: 'backward'; wanted: number; before: number | null };

export interface PreparedList {
  api: ProviderApi;
  filter: ClientFilter;
  identity: ListIdentity;
  direction: Direction;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** Everything checked that can be checked without a call: first or last, the filter, the cursor. */
export function prepareList(api: ProviderApi, request: ListRequest): PreparedList {
  const { filter } = request;
  const backward = given(request.last) || given(request.before);
  if (backward && (given(request.first) || given(request.after))) {
    throw new ListInputError('give first (with after) or last (with before), not both: a page goes one way');
  }
  const [name, wanted] = backward ? ['last', request.last ?? DEFAULT_FIRST] : ['first', request.first ?? DEFAULT_FIRST];
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_FIRST) throw new ListInputError(`${name} must be from 1 to ${MAX_FIRST}, not ${wanted}`);
  checkFilter(api.facts, filter);
  const identity: ListIdentity = { provider: api.facts.id, filter: filterHash(filter) };
  const cursor = (argument: 'after' | 'before', value: string | null | undefined): number | null => {
    if (!given(value)) return null;
    try {
      return decodeCursor(value, identity);
    } catch (error) {
      throw new ListInputError(`${argument} ${(error as Error).message}`);
    }
  };
  if (!backward) return { api, filter, identity, direction: { kind: 'forward', wanted, after: cursor('after', request.after) } };
  const before = cursor('before', request.before);
  if (before === null && !listerOf(api).listing.fromEnd) {
    throw new ListInputError(`${api.facts.label} cannot list from the end (last without before): it does not say how many clients `
      + 'it has. Page forward with first and after, or back from a cursor with last and before.');
  }
  return { api, filter, identity, direction: { kind: 'backward', wanted, before } };
}

export interface ClientListPage {
  edges: Array<{ cursor: string; node: ClientRecord }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

export async function fetchList(list: PreparedList, loaders: RequestLoaders, scope: RequestScope): Promise<ClientListPage> {
  const { api, identity, direction } = list;
  const { facts } = api;
  const { paging } = listerOf(api).listing;
  const size = upstreamSize(paging, direction.wanted);
  const count = windowSize(paging, direction.wanted);
  const fetch = pageFetch(api, list.filter, loaders, scope);
  let window: Window;
  let total: number | null = null;
  if (direction.kind === 'forward') {
    window = { start: direction.after === null ? 0 : direction.after + 1, count };
  } else if (direction.before !== null) {
    const start = Math.max(0, direction.before - count);
    window = { start, count: direction.before - start };
  } else {
    // From the end: the provider's count says where the end is (the first page, read again
    // below from this request's memo when the window falls on it).
    total = (await fetch(1, size)).total;
    if (total === null) throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `${facts.label} did not say how many clients it has`, { provider: facts.id });
    const start = Math.max(0, total - count);
    window = { start, count: total - start };
  }
  const read = await readWindow(size, window, fetch);
  const nodes = read.items.map(({ item }) => item);
  loaders.listed(facts.id, nodes);
  const edges = read.items.map(({ item, index }) => ({ cursor: encodeCursor(identity, index), node: item }));
  const hasPreviousPage = window.start > 0;
  // Backward, what follows is the client of `before` (or nothing, from the end).
  const hasNextPage = direction.kind === 'forward' ? read.hasMore : direction.before !== null;
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    totalCount: read.total ?? total,
  };
}

/**
 * The upstream page fetch of one clientList page: each page at most once (from the end, the
 * first page tells the count and may hold the window too), every answer checked so that
 * indexes stay true: more clients than asked, or a short page the provider says is not the
 * last, would skip or repeat clients, so it is refused rather than guessed at.
 */
function pageFetch(api: ProviderApi, filter: ClientFilter, loaders: RequestLoaders, scope: RequestScope): PageFetch<ClientRecord> {
  const { facts } = api;
  const pages = new Map<string, Promise<ListPage>>();
  return (page, size) => {
    const key = `${page}/${size}`;
    let answer = pages.get(key);
    if (!answer) {
      answer = fetchPage(api, { filter, page, size }, loaders, scope).then((got) => {
        if (size > 0 && got.clients.length > size) {
          throw new UpstreamError('UPSTREAM_BAD_RESPONSE', `${facts.label} sent ${got.clients.length} clients for a page of ${size}`, { provider: facts.id });
        }
        if (size > 0 && got.clients.length < size && got.hasMore) {
          throw new UpstreamError('UPSTREAM_BAD_RESPONSE',
            `${facts.label} sent ${got.clients.length} clients for a page of ${size} and says more follow`, { provider: facts.id });
        }
        return got;
      });
      pages.set(key, answer);
    }
    return answer;
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
  const size = upstreamSize(listerOf(api).listing.paging, FIND_MATCH_LIMIT);
  try {
    const page = await fetchPage(api, { filter, page: 1, size }, loaders, scope);
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
