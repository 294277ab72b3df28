import { startService, type TestService } from './helpers/service.js';

/**
 * Client.matches: the same customer at the other providers, exactly (the link, else the tax
 * number, else the email), reported per provider as findClients reports, never the client
 * itself, one lookup per provider per client, batched across the clients of one request.
 */

let service: TestService;
beforeAll(async () => { service = await startService({ env: { UPSTREAM_RETRIES: '0' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const PADARIA = 'invisible-collector:5b2c7e1a-3f4d-4a8b-9c6e-0d1f2a3b4c5d';
const MATCHES = `query ($id: ID!, $providers: [Provider!]) {
  client(id: $id) { id matches(providers: $providers) { clients { id name } providers { provider status reason code } } }
}`;
const CREATE = `mutation ($input: CreateClientInput!) { createClient(input: $input) { client { id } userErrors { message } } }`;

async function create(input: Record<string, unknown>): Promise<string> {
  const { body } = await service.gql(CREATE, { input });
  expect(body.data.createClient.userErrors).toEqual([]);
  return body.data.createClient.client.id;
}

/** The IC customer linked to daftra:513, made once. */
let linked: string;
beforeAll(async () => {
  linked = await create({
    provider: 'INVISIBLE_COLLECTOR', name: 'Mona Hassan', taxNumber: 'EG200300400', externalId: 'daftra:513', address: { countryCode: 'EG' },
  });
});

test('at a provider without links: the tax number where it can find by it, else the email; never the client\'s own provider', async () => {
  const atDaftra = await create({ provider: 'DAFTRA', name: 'Padaria Lusitana', taxNumber: 'PT509876543' });
  const atFatora = await create({ provider: 'FATORA', name: 'Padaria (Fatora)', email: 'contas@padaria.example' });
  service.resetCalls();
  const { body } = await service.gql(MATCHES, { id: PADARIA });
  expect(body.errors).toBeUndefined();
  expect(body.data.client.matches).toEqual({
    clients: [{ id: atFatora, name: 'Padaria (Fatora)' }, { id: atDaftra, name: 'Padaria Lusitana' }],
    providers: [
      { provider: 'FATORA', status: 'SEARCHED', reason: 'looked up by email "contas@padaria.example"', code: null },
      { provider: 'DAFTRA', status: 'SEARCHED', reason: 'looked up by taxNumber "PT509876543"', code: null },
    ],
  });
  expect(service.fatora.calls.map((call) => call.search)).toEqual(['email=contas%40padaria.example&page=1&page_size=20']);
  expect(service.daftra.calls.map((call) => decodeURIComponent(call.search ?? ''))).toEqual(['page=1&per_page=20&filter[bn1]=PT509876543']);
  expect(service.ic.calls).toEqual([expect.objectContaining({ method: 'GET' })]); // the client itself, nothing more
});

test('the link both ways: a client\'s copy found by its global id, and the copy\'s externalId read as the original', async () => {
  const original = await service.gql(MATCHES, { id: 'daftra:513', providers: ['INVISIBLE_COLLECTOR'] });
  expect(original.body.data.client.matches).toEqual({
    clients: [{ id: linked, name: 'Mona Hassan' }],
    providers: [{ provider: 'INVISIBLE_COLLECTOR', status: 'SEARCHED', reason: 'looked up by the link: externalId "daftra:513"', code: null }],
  });
  expect(service.ic.calls.map((call) => call.search)).toEqual(['externalId=daftra%3A513']);

  const copy = await service.gql(MATCHES, { id: linked, providers: ['DAFTRA', 'INVISIBLE_COLLECTOR'] });
  expect(copy.body.data.client.matches).toEqual({
    clients: [{ id: 'daftra:513', name: 'Mona Hassan' }],
    providers: [
      { provider: 'DAFTRA', status: 'SEARCHED', reason: "looked up by the link: this client's externalId is daftra:513", code: null },
      { provider: 'INVISIBLE_COLLECTOR', status: 'SKIPPED', reason: 'this client is at Invisible Collector: matches looks at the other providers', code: null },
    ],
  });
});

test('nothing to look up by is SKIPPED with UNSUPPORTED_FILTER, and no call is made there', async () => {
  // Delta Foods has neither email nor tax number; Fatora finds by email alone.
  const { body } = await service.gql(MATCHES, { id: 'daftra:514' });
  expect(body.data.client.matches.providers).toEqual([
    {
      provider: 'FATORA', status: 'SKIPPED', code: 'UNSUPPORTED_FILTER',
      reason: 'Fatora cannot be asked exactly: it can find clients only by email, and this client has no link or value for it',
    },
    { provider: 'INVISIBLE_COLLECTOR', status: 'SEARCHED', reason: 'looked up by the link: externalId "daftra:514"', code: null },
  ]);
  expect(service.fatora.calls).toEqual([]);
});

test('a provider that is down is FAILED, and the others still answer', async () => {
  service.daftra.inject({ status: 503, body: { code: 503, result: 'failed', message: 'Maintenance' } });
  const { body } = await service.gql(MATCHES, { id: PADARIA });
  expect(body.errors).toBeUndefined();
  expect(body.data.client.matches.providers).toEqual([
    { provider: 'FATORA', status: 'SEARCHED', reason: 'looked up by email "contas@padaria.example"', code: null },
    { provider: 'DAFTRA', status: 'FAILED', reason: 'Daftra is unavailable (HTTP 503)', code: 'UPSTREAM_UNAVAILABLE' },
  ]);
  expect(body.data.client.matches.clients.map((c: { id: string }) => c.id)).toEqual([expect.stringMatching(/^fatora:/)]);
});

test('many clients asking cost one lookup per distinct client per provider', async () => {
  const { body } = await service.gql(`{
    clients(ids: ["daftra:512", "daftra:513", "daftra:512", "daftra:514"]) {
      id
      a: matches(providers: [INVISIBLE_COLLECTOR]) { clients { id } }
      b: matches(providers: [INVISIBLE_COLLECTOR]) { clients { id } }
    }
    again: client(id: "daftra:513") { matches(providers: [INVISIBLE_COLLECTOR]) { clients { id } } }
  }`);
  expect(body.errors).toBeUndefined();
  expect(body.data.clients.map((c: { a: { clients: unknown[] } }) => c.a.clients.length)).toEqual([0, 1, 0, 0]);
  expect(body.data.again.matches.clients).toEqual([{ id: linked }]);
  expect(service.ic.calls.map((call) => call.search).sort()).toEqual(['externalId=daftra%3A512', 'externalId=daftra%3A513', 'externalId=daftra%3A514']);
});

test('matches inside a list counts against MAX_UPSTREAM_LOOKUPS before anything is called', async () => {
  // 100 clients, each asked at 3 providers: over the default 200.
  const { status, body } = await service.gql('{ clientList(provider: DAFTRA, first: 100) { edges { node { matches { clients { id } } } } } }');
  expect(status).toBe(400);
  expect(body.errors[0].extensions).toEqual({ code: 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED', lookups: 400, limit: 200 });
  expect(service.daftra.calls).toEqual([]);
});
