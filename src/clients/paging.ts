import type { Position } from './cursor.js';
import type { Paging } from './list-port.js';

/**
 * Maps a GraphQL page (`first` clients after a position) onto exactly one upstream page.
 * Pure functions. Where the upstream page size can equal `first`, pages line up one to one.
 * Where it cannot (a provider maximum below `first`, or a fixed size), a GraphQL page holds
 * what is left of one upstream page, at most `first`, and the next continues at the exact
 * position after it: never two upstream calls for one page, never a client skipped or repeated.
 */

export interface PagePlan {
  /** The upstream page to fetch, from 1. */
  page: number;
  /** The upstream page size to ask for (0 for single-answer providers: no paging sent). */
  size: number;
  /** Where in that upstream page this GraphQL page starts. */
  offset: number;
  /** How many clients this GraphQL page takes at most. */
  take: number;
}

export const START: Position = { page: 1, offset: 0 };

/** The upstream page size used for pages of `first`. */
function upstreamSize(paging: Paging, first: number): number {
  switch (paging.kind) {
    case 'sized': return Math.min(first, paging.max);
    case 'fixed': return paging.size;
    case 'single': return 0;
  }
}

export function planPage(paging: Paging, first: number, at: Position = START): PagePlan {
  const size = upstreamSize(paging, first);
  if (size === 0) return { page: 1, size, offset: at.offset, take: first };
  return { page: at.page, size, offset: at.offset, take: Math.max(0, Math.min(first, size - at.offset)) };
}

export interface PageSlice<T> {
  items: Array<{ item: T; after: Position }>;
  hasNextPage: boolean;
  /** Where the list continues after this page (the last item's `after`, or past an empty slice). */
  next: Position;
}

/**
 * The GraphQL page cut from one upstream page: each item with the position just after it
 * (its cursor), and whether more follows: clients left on this upstream page, or else the
 * provider's word that another page exists. Once an upstream page is used up, the list
 * continues at the start of the next one.
 */
export function slicePage<T>(plan: PagePlan, upstream: readonly T[], upstreamHasMore: boolean): PageSlice<T> {
  const taken = upstream.slice(plan.offset, plan.offset + plan.take);
  const single = plan.size === 0;
  const nextPage: Position = { page: plan.page + 1, offset: 0 };
  const after = (index: number): Position => {
    const offset = plan.offset + index + 1;
    return !single && offset >= upstream.length ? nextPage : { page: plan.page, offset };
  };
  const items = taken.map((item, index) => ({ item, after: after(index) }));
  const leftHere = plan.offset + taken.length < upstream.length;
  const hasNextPage = leftHere || (!single && upstreamHasMore);
  const next = items.length > 0 ? items[items.length - 1]!.after : single ? { page: 1, offset: plan.offset } : nextPage;
  return { items, hasNextPage, next };
}
