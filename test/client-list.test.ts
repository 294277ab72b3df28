import { enumNameOf } from '../src/clients/provider.js';
import { FILTER_FIELDS } from '../src/clients/list-port.js';
import { FIND_MATCH_LIMIT } from '../src/clients/find-clients.js';
import { listingOf } from '../src/clients/list-capabilities.js';
import { Provider, providerModules } from '../src/providers/index.js';
import { ClientListDocument, FindClientsDocument, ProviderFiltersDocument } from './generated/graphql.js';
import { startService, type TestService } from './helpers/service.js';

/** A tenant's own simulator accounts start empty: 45 clients are seeded there over REST. */
const TOKEN = 'tenant-list45';
const TENANT = Object.fromEntries(providerModules.flatMap((module) => module.credentialHeaders.map((header) => [header, TOKEN])));
/** No simulator was called: one zero per registered provider. */
const noCalls = () => providerModules.map(() => 0);
/** The three providers whose exact behaviour these tests pin; tests about "every provider" loop over providerModules. */
const THREE = ['FATORA', 'DAFTRA', 'INVISIBLE_COLLECTOR'];
const ofTheThree = <T extends { provider: string }>(rows: T[]) => rows.filter((row) => THREE.includes(row.provider));

const LIST = `query ($provider: Provider!, $first: Int, $after: String, $last: Int, $before: String, $filter: ClientFilter) {
  clientList(provider: $provider, first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name } }
  }
}`;

let service: TestService;
beforeAll(async () => {
  service = await startService({ env: { ALLOW_REQUEST_CREDENTIALS: 'true' } });
  const post = (url: string, body: unknown) => fetch(url, {
    method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((response) => expect(response.status).toBeLessThan(300));
  // One at a time, so ids follow the names' order.
  for (let i = 1; i <= 45; i++) {
    await post(`${service.fatora.url}/clients`, { name: `Fatora ${i}`, email: `f${i}@list.example` });
    await post(`${service.daftra.url}/clients`, { Client: { business_name: `Daftra ${i}`, type: 3 } });
  }
});
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

/** Every page of a list, following endCursor, with the upstream list calls of each. */
async function walk(provider: Provider | string, first: number, filter?: Record<string, string>) {
  const pages: Array<{ names: string[]; hasNextPage: boolean; totalCount: number | null; calls: number }> = [];
  let after: string | null = null;
  for (let guard = 0; guard < 20; guard++) {
    service.resetCalls();
    const { body }: { body: any } = await service.gql(LIST, { provider, first, after, filter }, TENANT);
    expect(body.errors).toBeUndefined();
    const list: any = body.data.clientList;
    const calls = Object.values(service.sims).reduce((sum, sim) => sum + sim.calls.length, 0);
    pages.push({ names: list.edges.map((edge: any) => edge.node.name), hasNextPage: list.pageInfo.hasNextPage, totalCount: list.totalCount, calls });
    if (!list.pageInfo.hasNextPage) break;
    after = list.pageInfo.endCursor;
  }
  return pages;
}

const names = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);

describe('clientList pages through a provider exactly once', () => {
  test('Daftra: 45 clients 20 at a time, each exactly once, one upstream call per page, its own count', async () => {
    const pages = await walk('DAFTRA', 20);
    expect(pages).toEqual([
      { names: names('Daftra', 1, 20), hasNextPage: true, totalCount: 45, calls: 1 },
      { names: names('Daftra', 21, 40), hasNextPage: true, totalCount: 45, calls: 1 },
      { names: names('Daftra', 41, 45), hasNextPage: false, totalCount: 45, calls: 1 },
    ]);
  });

  test('Fatora: 45 clients 20 at a time, each exactly once; no count', async () => {
    const pages = await walk('FATORA', 20);
    expect(pages).toEqual([
      { names: names('Fatora', 1, 20), hasNextPage: true, totalCount: null, calls: 1 },
      { names: names('Fatora', 21, 40), hasNextPage: true, totalCount: null, calls: 1 },
      { names: names('Fatora', 41, 45), hasNextPage: false, totalCount: null, calls: 1 },
    ]);
  });

  test('Fatora: a full last page means "maybe more", and the page after it is empty', async () => {
    const pages = await walk('FATORA', 15);
    expect(pages.map((page) => [page.names.length, page.hasNextPage])).toEqual([[15, true], [15, true], [15, true], [0, false]]);
    expect(pages.flatMap((page) => page.names)).toEqual(names('Fatora', 1, 45));
  });

  test('Fatora pages at most 20: first 30 gives pages of 20 and continues exactly after each', async () => {
    const pages = await walk('FATORA', 30);
    expect(pages.map((page) => page.names)).toEqual([names('Fatora', 1, 20), names('Fatora', 21, 40), names('Fatora', 41, 45)]);
    expect(service.fatora.calls.map((call) => call.search)).toEqual(['page=3&page_size=20']);
  });

  test('a cursor from the middle of a page continues right after that client', async () => {
    const first = await service.gql(LIST, { provider: 'DAFTRA', first: 10 }, TENANT);
    const third = first.body.data.clientList.edges[2].cursor;
    const next = await service.gql(LIST, { provider: 'DAFTRA', first: 10, after: third }, TENANT);
    expect(next.body.data.clientList.edges.map((edge: any) => edge.node.name)).toEqual(names('Daftra', 4, 13));
    expect(next.body.data.clientList.pageInfo.hasNextPage).toBe(true);
  });


  test('filters go upstream: Daftra search through its v2 list, Fatora email as its email parameter', async () => {
    const daftra = await walk('DAFTRA', 20, { search: 'Daftra 4' });
    expect(daftra).toEqual([{ names: ['Daftra 4', 'Daftra 40', 'Daftra 41', 'Daftra 42', 'Daftra 43', 'Daftra 44', 'Daftra 45'], hasNextPage: false, totalCount: 7, calls: 1 }]);
    expect(service.daftra.calls.map((call) => `${call.path}?${decodeURIComponent(call.search!)}`))
      .toEqual(['/v2/api/entity/client/list/1?page=1&per_page=20&filter[business_name][like]=%Daftra+4%']);
    const fatora = await walk('FATORA', 20, { email: 'f7@list.example' });
    expect(fatora).toEqual([{ names: ['Fatora 7'], hasNextPage: false, totalCount: null, calls: 1 }]);
  });

  test('Daftra\'s v2 like is played case-sensitive (whether it ignores case is undocumented: the strictest reading)', async () => {
    expect(await walk('DAFTRA', 20, { search: 'daftra 4' })).toEqual([{ names: [], hasNextPage: false, totalCount: 0, calls: 1 }]);
  });

  test('Invisible Collector lists by an exact filter through its find, with the count of matches', async () => {
    const { body } = await service.op(ClientListDocument, { provider: 'INVISIBLE_COLLECTOR', filter: { taxNumber: 'PT509876543' } });
    expect(body.errors).toBeUndefined();
    expect(body.data!.clientList!.totalCount).toBe(1);
    expect(body.data!.clientList!.pageInfo.hasNextPage).toBe(false);
    expect(body.data!.clientList!.edges.map((edge) => edge.node)).toEqual([
      { id: 'invisible-collector:5b2c7e1a-3f4d-4a8b-9c6e-0d1f2a3b4c5d', name: 'Padaria Lusitana Lda', email: 'contas@padaria.example' },
    ]);
    expect(service.ic.calls.map((call) => `${call.path}?${call.search}`)).toEqual(['/customers/find?vat=PT509876543']);
  });
});

describe('Relay paging: any page size after any cursor, and backward', () => {
  const page = async (variables: Record<string, unknown>) => {
    service.resetCalls();
    const { body } = await service.gql(LIST, variables, TENANT);
    expect(body.errors).toBeUndefined();
    const list = body.data.clientList;
    return {
      names: list.edges.map((edge: any) => edge.node.name) as string[],
      info: list.pageInfo,
      calls: service.fatora.calls.map((call) => call.search).concat(service.daftra.calls.map((call) => call.search)),
    };
  };

  test('first 20, then first 10 after it (loadNext(10)), then first 15: no client skipped or repeated, an extra call where pages straddle', async () => {
    const one = await page({ provider: 'DAFTRA', first: 20 });
    const two = await page({ provider: 'DAFTRA', first: 10, after: one.info.endCursor });
    const three = await page({ provider: 'DAFTRA', first: 15, after: two.info.endCursor });
    expect([one.names, two.names, three.names]).toEqual([names('Daftra', 1, 20), names('Daftra', 21, 30), names('Daftra', 31, 45)]);
    expect([one.calls, two.calls, three.calls]).toEqual([['page=1&limit=20'], ['page=3&limit=10'], ['page=3&limit=15']]);
    expect(three.info).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: expect.any(String), endCursor: expect.any(String) });
    expect(one.info.hasPreviousPage).toBe(false);
  });

  test('Fatora, first 7 after 10 clients: its pages of 7 straddle, so two upstream calls, exactly the next 7', async () => {
    const one = await page({ provider: 'FATORA', first: 10 });
    const two = await page({ provider: 'FATORA', first: 7, after: one.info.endCursor });
    expect(two.names).toEqual(names('Fatora', 11, 17));
    expect(two.calls).toEqual(['page=2&page_size=7', 'page=3&page_size=7']);
  });

  test('last before a cursor goes back exactly, at any size (Fatora: no count needed)', async () => {
    const one = await page({ provider: 'FATORA', first: 20, after: (await page({ provider: 'FATORA', first: 20 })).info.endCursor });
    expect(one.names).toEqual(names('Fatora', 21, 40));
    const back = await page({ provider: 'FATORA', last: 15, before: one.info.startCursor });
    expect(back.names).toEqual(names('Fatora', 6, 20));
    expect(back.info).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: expect.any(String), endCursor: expect.any(String) });
    const first = await page({ provider: 'FATORA', last: 15, before: back.info.startCursor });
    expect(first.names).toEqual(names('Fatora', 1, 5));
    expect(first.info.hasPreviousPage).toBe(false);
  });

  test('last without before pages from the end where the provider says how many it has (Daftra, Invisible Collector)', async () => {
    const end = await page({ provider: 'DAFTRA', last: 10 });
    expect(end.names).toEqual(names('Daftra', 36, 45));
    expect(end.info.hasNextPage).toBe(false);
    expect(end.info.hasPreviousPage).toBe(true);
    expect(end.calls).toEqual(['page=1&limit=10', 'page=4&limit=10', 'page=5&limit=10']);
    const { body } = await service.gql(LIST, { provider: 'INVISIBLE_COLLECTOR', last: 1, filter: { taxNumber: 'PT509876543' } });
    expect(body.data.clientList.edges.map((edge: any) => edge.node.name)).toEqual(['Padaria Lusitana Lda']);
  });

  test('last without before at Fatora (no count): BAD_USER_INPUT naming it, as providers { pagesFromEnd } says, without a call', async () => {
    service.resetCalls();
    const { body } = await service.gql(`{ list: clientList(provider: FATORA, last: 5) { totalCount } providers { provider pagesFromEnd } }`, {}, TENANT);
    expect(body.data.list).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({
      message: 'Fatora cannot list from the end (last without before): it does not say how many clients it has. '
        + 'Page forward with first and after, or back from a cursor with last and before.',
      extensions: { code: 'BAD_USER_INPUT' },
    })]);
    expect(ofTheThree(body.data.providers)).toEqual([
      { provider: 'FATORA', pagesFromEnd: false }, { provider: 'DAFTRA', pagesFromEnd: true }, { provider: 'INVISIBLE_COLLECTOR', pagesFromEnd: true },
    ]);
    expect(service.fatora.calls).toHaveLength(0);
  });
});

describe('cursors belong to one list', () => {
  const refused = async (variables: Record<string, unknown>, message: string) => {
    service.resetCalls();
    const { body } = await service.gql(LIST, variables, TENANT);
    expect(body.data).toEqual({ clientList: null });
    expect(body.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT' } })]);
    expect(service.daftra.calls.length + service.fatora.calls.length + service.ic.calls.length).toBe(0);
  };
  let cursor: string;
  beforeAll(async () => {
    const { body } = await service.gql(LIST, { provider: 'DAFTRA', first: 5, filter: { search: 'Daftra' } }, TENANT);
    cursor = body.data.clientList.pageInfo.endCursor;
  });

  test('reused with another filter, it is refused without a call', () =>
    refused({ provider: 'DAFTRA', first: 5, filter: { search: 'Daftra 1' }, after: cursor }, 'after belongs to a list with another filter'));
  test('with no filter at all, too', () =>
    refused({ provider: 'DAFTRA', first: 5, after: cursor }, 'after belongs to a list with another filter'));
  test('at another provider', () =>
    refused({ provider: 'FATORA', first: 5, filter: { search: 'Daftra' }, after: cursor }, 'after belongs to a list of another provider'));
  test('made up', () =>
    refused({ provider: 'DAFTRA', first: 5, after: 'not-a-cursor' }, 'after is not a cursor this API issued'));
  test('first with last, or after with before: a page goes one way', async () => {
    const message = 'give first (with after) or last (with before), not both: a page goes one way';
    await refused({ provider: 'DAFTRA', first: 5, last: 5 }, message);
    await refused({ provider: 'DAFTRA', after: cursor, before: cursor, filter: { search: 'Daftra' } }, message);
  });
  test('first outside 1..100', async () => {
    await refused({ provider: 'DAFTRA', first: 0 }, 'first must be from 1 to 100, not 0');
    await refused({ provider: 'DAFTRA', first: 101 }, 'first must be from 1 to 100, not 101');
  });
});

describe('UNSUPPORTED_FILTER, before any upstream call', () => {
  const cases: Array<[string, string | null, string]> = [
    ['FATORA', 'taxNumber', 'Fatora cannot filter clients by taxNumber; it can filter by search, email.'],
    ['FATORA', 'externalId', 'Fatora cannot filter clients by externalId; it can filter by search, email.'],
    ['DAFTRA', 'externalId', 'Daftra cannot filter clients by externalId; it can filter by search, email, taxNumber.'],
    ['INVISIBLE_COLLECTOR', 'search', 'Invisible Collector cannot filter clients by search; it can filter by email, taxNumber, externalId.'],
    ['INVISIBLE_COLLECTOR', null, 'Invisible Collector cannot list clients without a filter; it can filter by email, taxNumber, externalId.'],
  ];
  test.each(cases)('%s by %s', async (provider, field, message) => {
    const filter = field === null ? undefined : { [field]: 'x', email: 'a@b.example' };
    const { body } = await service.gql(LIST, { provider, filter }, TENANT);
    const id = providerModules.find((module) => enumNameOf(module.id) === provider)!.id;
    expect(body.errors).toEqual([expect.objectContaining({ message, extensions: { code: 'UNSUPPORTED_FILTER', provider: id, field } })]);
    expect(Object.values(service.sims).map((sim) => sim.calls.length)).toEqual(noCalls());
  });

  // Every registered provider × every filter its module does not declare (and "no filter" where it cannot list).
  const undeclared: Array<[string, string | null]> = providerModules.flatMap((module) => [
    ...FILTER_FIELDS.filter((field) => !module.filters.by?.[field]).map((field): [string, string | null] => [enumNameOf(module.id), field]),
    ...(listingOf(module)?.unfiltered ? [] : [[enumNameOf(module.id), null] as [string, null]]),
  ]);

  test('the cases above are every filter each of the three does not declare, and the schema says the same of every provider', async () => {
    const { body } = await service.gql('{ providers { provider listsWithoutFilter filters { field } } }');
    const fields: Record<string, string> = { SEARCH: 'search', EMAIL: 'email', TAX_NUMBER: 'taxNumber', EXTERNAL_ID: 'externalId' };
    const unsupported = body.data.providers.flatMap((p: any) => [
      ...Object.keys(fields).filter((f) => !p.filters.some((x: any) => x.field === f)).map((f) => [p.provider, fields[f]]),
      ...(p.listsWithoutFilter ? [] : [[p.provider, null]]),
    ]);
    expect(unsupported).toEqual(undeclared);
    expect(unsupported.filter(([provider]: [string]) => THREE.includes(provider))).toEqual(cases.map(([provider, field]) => [provider, field]));
  });

  test.each(undeclared)('every provider: %s by %s is refused by its module\'s declaration, with no call', async (provider, field) => {
    const filter = field === null ? undefined : { [field]: 'x' };
    const { body } = await service.gql(LIST, { provider, filter }, TENANT);
    const module = providerModules.find((candidate) => enumNameOf(candidate.id) === provider)!;
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNSUPPORTED_FILTER', provider: module.id, field } })]);
    expect(body.errors[0].message).toMatch(new RegExp(`^${module.label} cannot `));
    expect(Object.values(service.sims).map((sim) => sim.calls.length)).toEqual(noCalls());
  });
});

test('providers { filters listsWithoutFilter } shows each module\'s declaration beside its fields', async () => {
  const { body } = await service.op(ProviderFiltersDocument);
  expect(body.errors).toBeUndefined();
  // Every registered provider, in the list's order, as its module declares it …
  expect(body.data!.providers).toEqual(providerModules.map((module) => ({
    provider: enumNameOf(module.id),
    listsWithoutFilter: listingOf(module)?.unfiltered === true,
    filters: FILTER_FIELDS.filter((field) => module.filters.by?.[field]).map((field) => ({
      field: enumNameOf(field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)), matches: module.filters.by![field]!.matches, find: module.filters.by![field]!.find,
    })),
  })));
  // … and the three, exactly.
  expect(ofTheThree(body.data!.providers)).toEqual([
    {
      provider: 'FATORA', listsWithoutFilter: true, filters: [
        { field: 'SEARCH', matches: '`keyword` (what it matches is undocumented)', find: false },
        { field: 'EMAIL', matches: '`email` (whether it is exact is undocumented)', find: true },
      ],
    },
    {
      provider: 'DAFTRA', listsWithoutFilter: true, filters: [
        { field: 'SEARCH', matches: 'v2 `filter[business_name][like]=%…%`: part of the business name (whether case counts is undocumented)', find: false },
        { field: 'EMAIL', matches: 'v2 `filter[email]`, exact', find: true },
        { field: 'TAX_NUMBER', matches: 'v2 `filter[bn1]`, exact', find: true },
      ],
    },
    {
      provider: 'INVISIBLE_COLLECTOR', listsWithoutFilter: false, filters: [
        { field: 'EMAIL', matches: '`email`, exact', find: true },
        { field: 'TAX_NUMBER', matches: '`vat` (the vatNumber), exact', find: true },
        { field: 'EXTERNAL_ID', matches: '`externalId`, exact', find: true },
      ],
    },
  ]);
});

describe('findClients', () => {
  test('one provider not configured, one failing: the others\' matches, and what happened at each', async () => {
    // Fatora searched, Daftra failing, every other provider not configured.
    const others = providerModules.filter((module) => module.id !== Provider.FATORA && module.id !== Provider.DAFTRA);
    const partial = await startService({ providers: Object.fromEntries(others.map((module) => [module.id, null])), env: { UPSTREAM_RETRIES: '0' } });
    try {
      partial.daftra.inject({ status: 503, body: { code: 503, result: 'failed', message: 'Maintenance' } });
      const { body } = await partial.op(FindClientsDocument, { email: 'Billing@Nour.example' });
      expect(body.errors).toBeUndefined();
      expect(body.data!.findClients).toEqual({
        clients: [{ id: 'fatora:1025', name: 'Nour Trading', email: 'billing@nour.example', taxNumber: null, externalId: null }],
        providers: [
          { provider: 'FATORA', status: 'SEARCHED', reason: null, code: null },
          { provider: 'DAFTRA', status: 'FAILED', reason: 'Daftra is unavailable (HTTP 503)', code: 'UPSTREAM_UNAVAILABLE' },
          ...others.map((module) => ({ provider: enumNameOf(module.id), status: 'SKIPPED', reason: `${module.label} is not configured on this server`, code: 'PROVIDER_NOT_CONFIGURED' })),
        ],
      });
      expect(body.data!.findClients!.providers[2]).toEqual(
        { provider: 'INVISIBLE_COLLECTOR', status: 'SKIPPED', reason: 'Invisible Collector is not configured on this server', code: 'PROVIDER_NOT_CONFIGURED' },
      );
      expect(partial.fatora.calls.map((call) => `${call.path}?${call.search}`)).toEqual(['/clients?email=Billing%40Nour.example&page=1&page_size=20']);
      expect(partial.ic.calls).toEqual([]);
    } finally {
      await partial.close();
    }
  });

  test('exact matches only: Fatora\'s email filter matches parts, findClients keeps the whole address', async () => {
    // The simulator's Fatora matches "f1@list.example" inside f11@, f21@, …: only f1 is a match.
    const { body } = await service.gql('{ findClients(email: "f1@list.example") { clients { id name } providers { provider status } } }', undefined, TENANT);
    expect(body.data.findClients.clients).toEqual([{ id: 'fatora:5000', name: 'Fatora 1' }]);
    expect(service.fatora.calls[0]!.search).toBe('email=f1%40list.example&page=1&page_size=20');
  });

  test('by taxNumber: Fatora is skipped, Daftra (bn1) and Invisible Collector (vat) are asked', async () => {
    const { body } = await service.op(FindClientsDocument, { taxNumber: 'PT543219876' });
    // Every registered provider has its entry, in the list's order; the three's are exact.
    expect(body.data!.findClients!.providers.map((p) => p.provider)).toEqual(providerModules.map((module) => enumNameOf(module.id)));
    expect({ ...body.data!.findClients!, providers: ofTheThree(body.data!.findClients!.providers) }).toEqual({
      clients: [{ id: 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce', name: 'John Doe Inc.', email: 'john@doe.example', taxNumber: 'PT543219876', externalId: '345' }],
      providers: [
        { provider: 'FATORA', status: 'SKIPPED', reason: 'Fatora cannot find clients by taxNumber; it can find by email', code: 'UNSUPPORTED_FILTER' },
        { provider: 'DAFTRA', status: 'SEARCHED', reason: null, code: null },
        { provider: 'INVISIBLE_COLLECTOR', status: 'SEARCHED', reason: null, code: null },
      ],
    });
    expect(service.fatora.calls).toEqual([]);
    expect(service.daftra.calls.map((call) => decodeURIComponent(call.search!))).toEqual(['page=1&per_page=20&filter[bn1]=PT543219876']);
  });

  test('no field at all is BAD_USER_INPUT', async () => {
    const { body } = await service.gql('{ findClients(email: "  ") { clients { id } } }');
    expect(body.errors[0]).toMatchObject({ message: 'give at least one of email, taxNumber, externalId', extensions: { code: 'BAD_USER_INPUT' } });
    expect(Object.values(service.sims).map((sim) => sim.calls.length)).toEqual(noCalls());
  });
});

describe('listed and found clients prime the request\'s loaders', () => {
  test('a listed client read again by id in the same request costs no call', async () => {
    const { body } = await service.gql(`{
      clientList(provider: DAFTRA, first: 3) { edges { node { id name } } }
      again: client(id: "daftra:1001") { id name }
      entity: _entities(representations: [{ __typename: "Client", id: "daftra:1002" }]) { ... on Client { name } }
    }`, undefined, TENANT);
    expect(body.errors).toBeUndefined();
    expect(body.data.again).toEqual({ id: 'daftra:1001', name: 'Daftra 2' });
    expect(body.data.entity).toEqual([{ name: 'Daftra 3' }]);
    expect(service.daftra.calls.map((call) => call.path)).toEqual(['/clients']);
  });

  test('a found Invisible Collector customer, by gid or by externalId', async () => {
    const { body } = await service.gql(`{
      findClients(externalId: "ERP-0042") { clients { id } }
      byGid: client(id: "invisible-collector:5b2c7e1a-3f4d-4a8b-9c6e-0d1f2a3b4c5d") { name }
      byExternalId: client(id: "invisible-collector:ERP-0042") { name }
    }`);
    expect(body.data.byGid).toEqual({ name: 'Padaria Lusitana Lda' });
    expect(body.data.byExternalId).toEqual({ name: 'Padaria Lusitana Lda' });
    expect(service.ic.calls.map((call) => call.path)).toEqual(['/customers/find']);
  });

  test('each client a list can return counts against MAX_UPSTREAM_LOOKUPS', async () => {
    const small = await startService({ env: { MAX_UPSTREAM_LOOKUPS: '30' } });
    try {
      const refused = await small.gql('{ clientList(provider: FATORA, first: 31) { totalCount } }');
      expect(refused.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED', lookups: 31, limit: 30 });
      const find = await small.gql('{ findClients(email: "a@b.example") { clients { id } } }');
      expect(find.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED', lookups: FIND_MATCH_LIMIT * providerModules.length, limit: 30 });
      expect(FIND_MATCH_LIMIT * 3).toBe(60);
      const allowed = await small.gql('{ clientList(provider: FATORA, first: 30) { edges { node { id } } } }');
      expect(allowed.body.data.clientList.edges).toHaveLength(20);
      expect(Object.values(small.sims).reduce((sum, sim) => sum + sim.calls.length, 0)).toBe(1);
    } finally {
      await small.close();
    }
  });
});

describe('the other documented answers are read too', () => {
  test('Daftra v2 in its {data, meta} envelope, with items wrapped as {Client}', async () => {
    service.daftra.inject({
      method: 'GET', path: /^\/v2\/api\/entity\/client\/list\/1$/, status: 200,
      body: { data: [{ Client: { id: 777, business_name: 'Meta One', email: 'meta@one.example' } }], meta: { current_page: 1, total: 2, last_page: 2 }, links: {} },
    });
    const { body } = await service.gql(LIST, { provider: 'DAFTRA', first: 1, filter: { search: 'meta' } });
    expect(body.data.clientList).toMatchObject({
      totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { id: 'daftra:777', name: 'Meta One' } }],
    });
  });

  // The docs never give a `status` text for a 404: the error shape alone says it is Fatora's own.
  test.each([
    ['the documented error object, no status', { error: { error_code: '404', description: 'No clients' } }],
    ['an error text, no status', { error: 'No clients' }],
    ['with a status FAILURE', { status: 'FAILURE', error: { error_code: '404', description: 'No clients' } }],
    ['with any other status', { status: 'NOT_FOUND', error: { error_code: '404', description: 'No clients' } }],
  ])('Fatora answering a page beyond the last with its own 404 (%s) is an empty last page', async (_, answer) => {
    service.fatora.inject({ method: 'GET', path: /^\/clients$/, status: 404, body: answer });
    const { body } = await service.gql(LIST, { provider: 'FATORA', first: 20 });
    expect(body.data.clientList).toEqual({ totalCount: null, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, edges: [] });
  });

  test('a Fatora list 404 that is not its error shape is UPSTREAM_BAD_RESPONSE (a wrong base URL, not an empty page)', async () => {
    service.fatora.inject({ method: 'GET', path: /^\/clients$/, status: 404, body: { message: 'Not Found' } });
    const { body } = await service.gql(LIST, { provider: 'FATORA', first: 20 });
    expect(body.errors[0]).toMatchObject({ message: 'Fatora sent a 404 that is not its own error answer (is the base URL right?)', extensions: { code: 'UPSTREAM_BAD_RESPONSE', provider: 'fatora' } });
  });

  test('a page with more clients than asked for is UPSTREAM_BAD_RESPONSE, not a page that would skip clients later', async () => {
    service.fatora.inject({ method: 'GET', path: /^\/clients$/, status: 200, body: { status: 'SUCCESS', clients: [{ id: 1 }, { id: 2 }, { id: 3 }] } });
    const { body } = await service.gql(LIST, { provider: 'FATORA', first: 2 });
    expect(body.errors[0]).toMatchObject({ message: 'Fatora sent 3 clients for a page of 2', extensions: { code: 'UPSTREAM_BAD_RESPONSE', provider: 'fatora' } });
  });
});

describe('the simulators play the list endpoints strictly', () => {
  const get = async (sim: TestService['fatora'], path: string) => {
    const response = await fetch(`${sim.url}${path}`, { headers: { ...sim.settings.headers } });
    return { status: response.status, body: (await response.json()) as any };
  };

  test('Daftra v1: a page beyond the last is empty, with the pagination; a filter is ignored', async () => {
    const beyond = await get(service.daftra, '/clients.json?page=99&limit=100');
    expect(beyond).toEqual({
      status: 200,
      body: { code: 200, result: 'successful', data: [], pagination: { prev: 98, next: null, page: 99, page_count: 3, total_results: 203 } },
    });
    const filtered = await get(service.daftra, '/clients?limit=1&filter%5Bemail%5D=mona%40example.com');
    expect(filtered.body.data[0].Client.id).toBe(512);
  });

  test('Daftra v2: a field it does not filter on, or an unknown operator, is refused', async () => {
    const root = service.daftra.url.replace(/\/api2$/, '');
    const ask = (query: string) => fetch(`${root}/v2/api/entity/client/list/1?${query}`, { headers: { ...service.daftra.settings.headers } })
      .then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    expect(await ask('filter%5Bnotes%5D=VIP')).toEqual({ status: 400, body: { code: 400, result: 'failed', message: 'Invalid parameter filter[notes]' } });
    expect(await ask('filter%5Bemail%5D%5Bnear%5D=x')).toEqual({ status: 400, body: { code: 400, result: 'failed', message: 'Invalid filter operator in filter[email][near]' } });
    expect((await ask('filter%5Bbusiness_name%5D%5Blike%5D=Delta%25')).body).toMatchObject({ current_page: 1, per_page: 20, total: 1 });
    // Case counts: undocumented, so the strictest reading.
    expect((await ask('filter%5Bbusiness_name%5D%5Blike%5D=delta%25')).body).toMatchObject({ current_page: 1, per_page: 20, total: 0 });
  });

  test('Fatora: an unknown parameter and page 0 are refused', async () => {
    expect((await get(service.fatora, '/clients?tax=1')).status).toBe(400);
    expect((await get(service.fatora, '/clients?page=0')).status).toBe(400);
  });

  test('Invisible Collector: `vatNumber` is not a search parameter (`vat` is), and a search needs one', async () => {
    expect(await get(service.ic, '/customers/find?vatNumber=PT543219876')).toEqual({ status: 400, body: { code: 400, message: 'Unknown parameter vatNumber' } });
    expect(await get(service.ic, '/customers/find')).toEqual({ status: 400, body: { code: 400, message: 'At least one search parameter is required' } });
    expect(await get(service.ic, '/customers/find?email=nobody%40x.example')).toEqual({ status: 200, body: [] });
  });
});
