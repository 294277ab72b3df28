import type { ClientRecord } from './client.js';
import { decodeCursor, encodeCursor, filterHash, type ListIdentity } from './cursor.js';
import { ListInputError, UpstreamError } from './errors.js';
import type { ClientFilter, ListPage } from './list-port.js';
import { checkFilter, fetchPage, listerOf } from './list-capabilities.js';
import type { RequestLoaders } from './loaders.js';
import { readWindow, upstreamSize, windowSize, type PageFetch, type Window } from './paging.js';
import type { ProviderApi } from './provider.js';
import type { RequestScope } from './scope.js';

/**
 * clientList, provider-independent: validate the page asked for (first or last, the cursor,
 * the filter) before any call, fetch the upstream page(s) its window needs (paging.ts), prime
 * the request's loaders with every client returned.
 */

export const MAX_FIRST = 100;
export const DEFAULT_FIRST = 20;

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
