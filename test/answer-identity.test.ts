import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRouteWord, parseGlobalId } from '../src/clients/global-id.js';
import type { ProviderRegistry } from '../src/clients/provider.js';
import { acme } from './fixtures/acme-provider.js';
import { Provider } from '../src/providers/index.js';
import { startService, type TestService } from './helpers/service.js';

/**
 * An answer must be for the client asked for, and no id is ever put where the provider's
 * path has a route word. The first part runs against a provider on a real socket that
 * answers with another client's record (every request it got is kept); the second against
 * the built-in simulators.
 */

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void;
let handler: Handler;
let upstream: Server;
let received: Array<{ method: string; path: string }> = [];
let service: TestService;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const fatoraClient = (id: number, name: string, email: string) => ({ status: 'SUCCESS', client: { id, name, email } });
const daftraClient = (id: number, name: string) => ({ code: 200, result: 'successful', data: { Client: { id, business_name: name, email: 'd@x.example' } } });
const icCustomer = (gid: string, externalId: string, name: string) => ({ gid, externalId, name, vatNumber: 'PT1', country: 'PT' });

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    received.push({ method: req.method!, path });
    req.resume();
    req.on('end', () => handler(req, res, path));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  service = await startService({
    env: { UPSTREAM_RETRIES: '0' },
    providers: {
      [Provider.FATORA]: { baseUrl: `${base}/fatora`, headers: { authorization: 'Bearer f' } },
      [Provider.DAFTRA]: { baseUrl: `${base}/daftra`, headers: { apikey: 'd' } },
      [Provider.INVISIBLE_COLLECTOR]: { baseUrl: `${base}/ic`, headers: { authorization: 'Bearer i' } },
    },
  });
  handler = (req, res, path) => {
    // Client 1 is asked for; the answer is client 2's record (names and emails included).
    if (path === '/fatora/clients/1') return json(res, 200, fatoraClient(2, 'Client Two', 'two@x.example'));
    if (path === '/fatora/clients/3' && req.method === 'GET') return json(res, 200, fatoraClient(3, 'Client Three', 'three@x.example'));
    // A write to client 3 answered with client 4.
    if (path === '/fatora/clients/3') return json(res, 200, fatoraClient(4, 'Client Four', 'four@x.example'));
    if (path === '/daftra/clients/1') return json(res, 200, daftraClient(2, 'Client Two'));
    if (path === '/ic/customers/abc') return json(res, 200, icCustomer('7d6b9c1e-0000-4000-8000-000000000002', 'xyz', 'Other'));
    if (path === '/ic/customers/ext-1') return json(res, 200, icCustomer('7d6b9c1e-0000-4000-8000-000000000001', 'ext-1', 'Mine'));
    if (path === '/ic/customers/7D6B9C1E-0000-4000-8000-000000000001') {
      return json(res, 200, icCustomer('7d6b9c1e-0000-4000-8000-000000000001', 'ext-1', 'Mine'));
    }
    return json(res, 404, { message: 'no route' });
  };
});
beforeEach(() => { received = []; });
afterAll(async () => {
  await service.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('an answer about another client is UPSTREAM_BAD_RESPONSE, never served as the one asked for', () => {
  test('reads, at every provider: the answer carries another id (Fatora client.id, Daftra data.Client.id, IC gid/externalId)', async () => {
    const { status, body } = await service.gql(`{
      f: client(id: "fatora:1") { name } d: client(id: "daftra:1") { name } i: client(id: "invisible-collector:abc") { name }
    }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ f: null, d: null, i: null });
    expect(body.errors.map((e: any) => [e.path[0], e.extensions.code, e.extensions.provider, e.message])).toEqual([
      ['f', 'UPSTREAM_BAD_RESPONSE', 'fatora', 'Fatora sent client 2 when asked for client 1'],
      ['d', 'UPSTREAM_BAD_RESPONSE', 'daftra', 'Daftra sent client 2 when asked for client 1'],
      ['i', 'UPSTREAM_BAD_RESPONSE', 'invisible-collector', 'Invisible Collector sent client 7d6b9c1e-0000-4000-8000-000000000002 when asked for client abc'],
    ]);
  });

  test('Invisible Collector: a customer read by its externalId, or by its gid in capitals, is its own answer', async () => {
    const { body } = await service.gql(`{
      a: client(id: "invisible-collector:ext-1") { id name } b: client(id: "invisible-collector:7D6B9C1E-0000-4000-8000-000000000001") { name }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: { id: 'invisible-collector:7d6b9c1e-0000-4000-8000-000000000001', name: 'Mine' }, b: { name: 'Mine' } });
  });

  test('updateClient(fatora:1) makes no write: client 2\'s name and email are never PUT onto client 1', async () => {
    const { body } = await service.gql(`mutation {
      updateClient(id: "fatora:1", input: { phone: "555" }) { client { id name } userErrors { code } }
    }`);
    expect(body.errors.map((e: any) => [e.extensions.code, e.message])).toEqual([
      ['UPSTREAM_BAD_RESPONSE', 'Fatora sent client 2 when asked for client 1'],
    ]);
    expect(received).toEqual([{ method: 'GET', path: '/fatora/clients/1' }]);
  });

  test('a write answered with another client\'s record is not taken for the client written', async () => {
    const { body } = await service.gql(`mutation {
      updateClient(id: "fatora:3", input: { phone: "555" }) { client { id name } userErrors { code } }
    }`);
    expect(body.errors.map((e: any) => [e.extensions.code, e.extensions.outcome, e.message])).toEqual([
      ['UPSTREAM_BAD_RESPONSE', 'UNKNOWN', 'Fatora sent client 4 when asked for client 3. The change may have been made: read the client to see.'],
    ]);
    expect(received.map((call) => call.method)).toEqual(['GET', 'PUT']);
  });
});

describe('ids that are route words at a provider never go where the route word is', () => {
  test.each([
    ['find', ['find'], true],
    ['FIND', ['find'], true],
    ['Find.json', ['find'], true],
    ['find-me', ['find'], false],
    ['finder', ['find'], false],
    ['x.find', ['find'], false],
    ['find', [], false],
  ])('isRouteWord(%j, %j) is %j', (id, words, expected) => {
    expect(isRouteWord(id, words)).toBe(expected);
  });

  test('a provider whose route words cannot be looked up another way: such an id is refused, naming it and the provider', () => {
    const facts = { ...acme, idSyntax: { test: () => true, message: '' }, routeWords: { words: ['search'], read: 'refused' as const, paths: '`GET /books/search`' } };
    const providers = new Map([[acme.id, { facts }]]) as unknown as ProviderRegistry;
    expect(parseGlobalId('acme-books:Search.json', providers)).toEqual({
      problem: '"Search.json" is a route word at Acme Books (`GET /books/search`), so it cannot be read by that id',
    });
    expect(parseGlobalId('acme-books:searches', providers)).toEqual({ provider: 'acme-books', providerId: 'searches' });
  });

  test('Invisible Collector: externalId "find" is read by find?externalId=find, never GET /customers/find', async () => {
    const sims = await startService();
    try {
      const created = await sims.gql(`mutation {
        createClient(input: { provider: INVISIBLE_COLLECTOR, name: "Find Me Ltd", taxNumber: "PT501964843", externalId: "find", address: { countryCode: "PT" } }) {
          client { id } userErrors { code message }
        }
      }`);
      expect(created.body.data.createClient.userErrors).toEqual([]);
      const gid = created.body.data.createClient.client.id;
      sims.resetCalls();
      const { body } = await sims.gql(`{ a: client(id: "invisible-collector:find") { id externalId name } b: client(id: "invisible-collector:FIND.json") { id } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ a: { id: gid, externalId: 'find', name: 'Find Me Ltd' }, b: null });
      expect(sims.ic.calls.map((call) => [call.method, call.path, call.search])).toEqual([
        ['GET', '/customers/find', 'externalId=find'],
        ['GET', '/customers/find', 'externalId=FIND.json'],
      ]);
      // An update by that id writes the customer by its gid.
      sims.resetCalls();
      const updated = await sims.gql(`mutation { updateClient(id: "invisible-collector:find", input: { phone: "555" }) { client { id phone } userErrors { code } } }`);
      expect(updated.body.data.updateClient).toEqual({ client: { id: gid, phone: '555' }, userErrors: [] });
      expect(sims.ic.calls.filter((call) => call.method === 'PUT').map((call) => call.path)).toEqual([`/customers/${gid.split(':')[1]}`]);
    } finally {
      await sims.close();
    }
  });
});
