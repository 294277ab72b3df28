import type { Paging } from './list-port.js';

/**
 * Maps a GraphQL page (a window of clients by their index in the provider's order) onto the
 * provider's pages. Pure, apart from the page fetch it is given. A cursor is the index of
 * its client, not the shape of the page it came in, so any page size can follow any cursor:
 * the window is read from the upstream page(s) of the size chosen for it. A window never
 * spans more than two upstream pages (it is at most one upstream page long), so a page size
 * that does not line up with the previous one costs at most one extra upstream call, and
 * never skips or repeats a client.
 */

/** One upstream page as a provider's list call answers it. */
export interface UpstreamPage<T> {
  clients: readonly T[];
  /** Whether the provider says (or, without pagination data, suggests) a page follows. */
  hasMore: boolean;
  total: number | null;
}

/** Fetches upstream page `page` (from 1) of `size` clients (0: the single answer of a provider without paging). */
export type PageFetch<T> = (page: number, size: number) => Promise<UpstreamPage<T>>;

/** Clients `start` to `start + count - 1` of the list, by index from 0. */
export interface Window {
  start: number;
  count: number;
}

export interface WindowRead<T> {
  /** The clients of the window that exist, each with its index (its cursor). */
  items: Array<{ item: T; index: number }>;
  /** Whether clients follow the window. */
  hasMore: boolean;
  /** The provider's total, from the first page read; null when it gives none or nothing was read. */
  total: number | null;
}

/**
 * The upstream page size for GraphQL pages of `wanted` clients: as many as the provider
 * allows up to `wanted` (so pages of one size line up one to one), its own size where it
 * fixes one, 0 where one answer holds everything.
 */
export function upstreamSize(paging: Paging, wanted: number): number {
  switch (paging.kind) {
    case 'sized': return Math.min(wanted, paging.max);
    case 'fixed': return paging.size;
    case 'single': return 0;
  }
}

/** How many clients one GraphQL page of `wanted` holds at most: one upstream page's worth. */
export function windowSize(paging: Paging, wanted: number): number {
  const size = upstreamSize(paging, wanted);
  return size === 0 ? wanted : Math.min(wanted, size);
}

/**
 * Reads `window` from upstream pages of `size`: the page holding its first client and, when
 * the window runs past that page's end and the provider says more follow, the next one.
 * A page shorter than `size` is the last.
 */
export async function readWindow<T>(size: number, window: Window, fetch: PageFetch<T>): Promise<WindowRead<T>> {
  const end = window.start + window.count;
  if (window.count <= 0) return { items: [], hasMore: true, total: null };
  if (size === 0) {
    const { clients, total } = await fetch(1, 0);
    const items = clients.slice(window.start, end).map((item, i) => ({ item, index: window.start + i }));
    return { items, hasMore: clients.length > end, total };
  }
  const items: Array<{ item: T; index: number }> = [];
  let total: number | null = null;
  let hasMore = false;
  const lastPage = Math.floor((end - 1) / size) + 1;
  for (let page = Math.floor(window.start / size) + 1; page <= lastPage; page++) {
    const answer = await fetch(page, size);
    total ??= answer.total;
    const base = (page - 1) * size;
    answer.clients.forEach((item, i) => {
      const index = base + i;
      if (index >= window.start && index < end) items.push({ item, index });
    });
    const full = answer.clients.length >= size;
    hasMore = base + answer.clients.length > end || (full && answer.hasMore);
    if (!full || !answer.hasMore) break;
  }
  return { items, hasMore, total };
}
