import fc from 'fast-check';
import { readWindow, upstreamSize, windowSize, type PageFetch, type Window, type WindowRead } from '../src/clients/paging.js';
import type { Paging } from '../src/clients/list-port.js';

const sized = (max: number): Paging => ({ kind: 'sized', max });
const fixed = (size: number): Paging => ({ kind: 'fixed', size });
const single: Paging = { kind: 'single' };

/**
 * A provider of `total` clients numbered from 0, paged as `paging` says; `saysMore` is how it
 * tells whether a page follows: by its count (Daftra), or by a full page (Fatora: "maybe more").
 */
function provider(total: number, saysMore: 'count' | 'full-page' = 'count') {
  const all = Array.from({ length: total }, (_, i) => i);
  const calls: Array<[number, number]> = [];
  const fetch: PageFetch<number> = async (page, size) => {
    calls.push([page, size]);
    if (size === 0) return { clients: all, hasMore: false, total };
    const clients = all.slice((page - 1) * size, page * size);
    const hasMore = saysMore === 'count' ? page * size < total : clients.length >= size;
    return { clients, hasMore, total: saysMore === 'count' ? total : null };
  };
  return { fetch, calls };
}

describe('upstreamSize and windowSize: the upstream page size, and the most one GraphQL page holds', () => {
  test.each<[string, Paging, number, number, number]>([
    ['sized, wanted below max: pages line up', sized(100), 20, 20, 20],
    ['sized, wanted above max: max per page', sized(20), 30, 20, 20],
    ['fixed larger than wanted: part of a page', fixed(50), 20, 50, 20],
    ['fixed smaller than wanted: one upstream page', fixed(10), 25, 10, 10],
    ['single answer: no paging sent, wanted per page', single, 20, 0, 20],
  ])('%s', (_, paging, wanted, size, count) => {
    expect(upstreamSize(paging, wanted)).toBe(size);
    expect(windowSize(paging, wanted)).toBe(count);
  });
});

describe('readWindow: the clients of a window, whether more follow, and the upstream calls it takes', () => {
  test.each<[string, number, Window, number, number[], boolean, Array<[number, number]>]>([
    ['a window on one page', 10, { start: 20, count: 10 }, 45, [20, 21, 22, 23, 24, 25, 26, 27, 28, 29], true, [[3, 10]]],
    ['a window across two pages: one extra call', 10, { start: 15, count: 10 }, 45, [15, 16, 17, 18, 19, 20, 21, 22, 23, 24], true, [[2, 10], [3, 10]]],
    ['the end of the list inside the first page', 10, { start: 40, count: 10 }, 45, [40, 41, 42, 43, 44], false, [[5, 10]]],
    ['a window ending on the last client of a full last page', 10, { start: 30, count: 10 }, 40, [30, 31, 32, 33, 34, 35, 36, 37, 38, 39], false, [[4, 10]]],
    ['a straddling window whose first page is the last: no second call', 10, { start: 35, count: 10 }, 40, [35, 36, 37, 38, 39], false, [[4, 10]]],
    ['beyond the end', 10, { start: 50, count: 10 }, 45, [], false, [[6, 10]]],
    ['an empty window: no call', 10, { start: 0, count: 0 }, 45, [], true, []],
    ['a single answer, more left', 0, { start: 0, count: 2 }, 3, [0, 1], true, [[1, 0]]],
    ['a single answer, the rest', 0, { start: 2, count: 2 }, 3, [2], false, [[1, 0]]],
  ])('%s', async (_, size, window, total, indexes, hasMore, calls) => {
    const upstream = provider(total);
    const read = await readWindow(size, window, upstream.fetch);
    expect(read.items.map(({ item, index }) => [item, index])).toEqual(indexes.map((i) => [i, i]));
    expect(read.hasMore).toBe(hasMore);
    expect(upstream.calls).toEqual(calls);
  });
});

describe('paging through a whole list with any page sizes, one after another, never skips or repeats a client', () => {
  const pagings = fc.oneof(fc.integer({ min: 1, max: 30 }).map(sized), fc.integer({ min: 1, max: 30 }).map(fixed), fc.constant(single));
  const sizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });

  test('forward: first after the last endCursor, the page size changing at every step', async () => {
    await fc.assert(fc.asyncProperty(pagings, fc.integer({ min: 0, max: 120 }), sizes, fc.constantFrom('count' as const, 'full-page' as const),
      async (paging, total, wanted, saysMore) => {
        const upstream = provider(total, saysMore);
        const seen: number[] = [];
        let after: number | null = null;
        for (let step = 0; step < 500; step++) {
          const first = wanted[step % wanted.length]!;
          const before = upstream.calls.length;
          const read: WindowRead<number> = await readWindow(upstreamSize(paging, first), { start: after === null ? 0 : after + 1, count: windowSize(paging, first) }, upstream.fetch);
          expect(upstream.calls.length - before).toBeLessThanOrEqual(2);
          expect(read.items.length).toBeLessThanOrEqual(first);
          seen.push(...read.items.map(({ item }) => item));
          if (!read.hasMore) break;
          expect(read.items.length).toBeGreaterThan(0);
          after = read.items[read.items.length - 1]!.index;
        }
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
      }));
  });

  test('backward: last before the last startCursor, from the end, the page size changing at every step', async () => {
    await fc.assert(fc.asyncProperty(pagings, fc.integer({ min: 0, max: 120 }), sizes, async (paging, total, wanted) => {
      const upstream = provider(total);
      const seen: number[] = [];
      let end = total;
      for (let step = 0; end > 0 && step < 500; step++) {
        const last = wanted[step % wanted.length]!;
        const count = Math.min(windowSize(paging, last), end);
        const before = upstream.calls.length;
        const read = await readWindow(upstreamSize(paging, last), { start: end - count, count }, upstream.fetch);
        expect(upstream.calls.length - before).toBeLessThanOrEqual(2);
        expect(read.items.length).toBe(count);
        seen.unshift(...read.items.map(({ item }) => item));
        end = read.items[0]!.index;
      }
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
    }));
  });
});
