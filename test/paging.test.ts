import { planPage, slicePage, type PagePlan } from '../src/clients/paging.js';
import type { Paging } from '../src/clients/list-port.js';

const sized = (max: number): Paging => ({ kind: 'sized', max });
const fixed = (size: number): Paging => ({ kind: 'fixed', size });
const single: Paging = { kind: 'single' };

describe('planPage: which upstream page a GraphQL page asks for', () => {
  test.each<[string, Paging, number, { page: number; offset: number } | undefined, PagePlan]>([
    ['sized, first below max: pages line up', sized(100), 20, undefined, { page: 1, size: 20, offset: 0, take: 20 }],
    ['sized, first above max: max per page', sized(20), 30, undefined, { page: 1, size: 20, offset: 0, take: 20 }],
    ['sized, continuing mid-page', sized(100), 10, { page: 3, offset: 4 }, { page: 3, size: 10, offset: 4, take: 6 }],
    ['fixed larger than first: part of a page', fixed(50), 20, { page: 1, offset: 40 }, { page: 1, size: 50, offset: 40, take: 10 }],
    ['fixed smaller than first: the rest of a page', fixed(10), 25, { page: 2, offset: 3 }, { page: 2, size: 10, offset: 3, take: 7 }],
    ['single answer: always page 1, from the offset', single, 20, { page: 1, offset: 40 }, { page: 1, size: 0, offset: 40, take: 20 }],
  ])('%s', (_, paging, first, at, plan) => {
    expect(planPage(paging, first, at)).toEqual(plan);
  });
});

describe('slicePage: the clients taken, their cursors, and whether more follows', () => {
  const items = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);
  test.each<[string, PagePlan, number[], boolean, Array<[number, number, number]>, boolean]>([
    ['a full page the provider says is not the last', { page: 1, size: 3, offset: 0, take: 3 }, items(3), true,
      [[1, 1, 1], [2, 1, 2], [3, 2, 0]], true],
    ['a short last page', { page: 3, size: 3, offset: 0, take: 3 }, items(2, 7), false, [[7, 3, 1], [8, 4, 0]], false],
    ['an empty page beyond the last', { page: 4, size: 3, offset: 0, take: 3 }, [], false, [], false],
    ['the first part of a larger upstream page', { page: 1, size: 5, offset: 0, take: 2 }, items(5), false, [[1, 1, 1], [2, 1, 2]], true],
    ['the last part of a larger upstream page, more pages', { page: 1, size: 5, offset: 4, take: 2 }, items(5), true, [[5, 2, 0]], true],
    ['the last part of the last upstream page', { page: 1, size: 5, offset: 4, take: 2 }, items(5), false, [[5, 2, 0]], false],
    ['a single answer, more left', { page: 1, size: 0, offset: 0, take: 2 }, items(3), false, [[1, 1, 1], [2, 1, 2]], true],
    ['a single answer, the rest', { page: 1, size: 0, offset: 2, take: 2 }, items(3), false, [[3, 1, 3]], false],
  ])('%s', (_, plan, upstream, hasMore, expected, hasNextPage) => {
    const slice = slicePage(plan, upstream, hasMore);
    expect(slice.items.map(({ item, after }) => [item, after.page, after.offset])).toEqual(expected);
    expect(slice.hasNextPage).toBe(hasNextPage);
  });
});

describe('walking a whole list never skips or repeats a client', () => {
  // A provider of `total` clients numbered from 1, paged as `paging` says.
  const walk = (paging: Paging, total: number, first: number) => {
    const all = Array.from({ length: total }, (_, i) => i + 1);
    const seen: number[] = [];
    let at: { page: number; offset: number } | undefined;
    let calls = 0;
    for (;;) {
      const plan = planPage(paging, first, at);
      calls += 1;
      const upstream = plan.size === 0 ? all : all.slice((plan.page - 1) * plan.size, plan.page * plan.size);
      const hasMore = plan.size !== 0 && plan.page * plan.size < total;
      const slice = slicePage(plan, upstream, hasMore);
      seen.push(...slice.items.map(({ item }) => item));
      if (!slice.hasNextPage || calls > 1000) break;
      at = slice.next;
    }
    return { seen, calls };
  };
  test.each<[string, Paging, number, number, number]>([
    ['sized 100, 45 by 20', sized(100), 45, 20, 3],
    ['sized 20, 45 by 30', sized(20), 45, 30, 3],
    ['sized 20, 40 by 20 (full last page)', sized(20), 40, 20, 2],
    ['fixed 10, 45 by 25', fixed(10), 45, 25, 5],
    ['fixed 50, 45 by 20', fixed(50), 45, 20, 3],
    ['fixed 7, 45 by 3 (3+3+1 per upstream page)', fixed(7), 45, 3, 19],
    ['single, 45 by 20', single, 45, 20, 3],
    ['single, empty', single, 0, 20, 1],
    ['sized, empty', sized(20), 0, 20, 1],
  ])('%s', (_, paging, total, first, calls) => {
    const result = walk(paging, total, first);
    expect(result.seen).toEqual(Array.from({ length: total }, (__, i) => i + 1));
    expect(result.calls).toBe(calls);
  });
});
