import fc from 'fast-check';
import { startService, type TestService } from './helpers/service.js';

/**
 * Random valid and invalid operations, variables and ids thrown at the live server for a
 * bounded time: it must never answer 5xx, always answer with `data` or `errors`, and still
 * serve afterwards. A rejection left unhandled fails the test through jest's own handler
 * (the server runs in this process; that is how this test first found one).
 */

let service: TestService;

beforeAll(async () => {
  service = await startService({ env: { UPSTREAM_TIMEOUT_MS: '1000', LOG_LEVEL: 'silent' } });
});
afterAll(() => service.close());

const providers = ['fatora', 'daftra', 'invisible-collector', 'FATORA', 'unknown', ''];
const id = fc.oneof(
  fc.constantFrom('fatora:1024', 'daftra:512', 'invisible-collector:345', 'fatora:999999'),
  fc.tuple(fc.constantFrom(...providers), fc.string({ maxLength: 12 })).map(([p, rest]) => `${p}:${rest}`),
  fc.string({ maxLength: 30 }),
);
const fields = fc.subarray(['id', 'name', 'email', 'phone', 'notes', 'raw', 'address { formatted city }', 'provider', '__typename'], { minLength: 1 });
const anyJson = fc.jsonValue({ maxDepth: 3 });
const input = fc.dictionary(
  fc.constantFrom('provider', 'name', 'email', 'phone', 'mobile', 'notes', 'taxNumber', 'externalId', 'locale', 'address', 'bogus'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null), fc.constantFrom('FATORA', 'DAFTRA', 'INVISIBLE_COLLECTOR'), anyJson),
);

const operation = fc.oneof(
  fc.tuple(fields, anyJson).map(([f, idValue]) => ({ query: `query ($id: ID!) { client(id: $id) { ${f.join(' ')} } }`, variables: { id: idValue } })),
  fc.tuple(fields, id).map(([f, i]) => ({ query: `{ client(id: ${JSON.stringify(i)}) { ${f.join(' ')} } }` })),
  fc.tuple(fields, fc.array(id, { maxLength: 15 })).map(([f, ids]) => ({ query: `query ($ids: [ID!]!) { clients(ids: $ids) { ${f.join(' ')} } }`, variables: { ids } })),
  fc.array(fc.oneof(fc.record({ __typename: fc.constant('Client'), id }), anyJson), { maxLength: 10 })
    .map((r) => ({ query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id name } } }', variables: { r } })),
  input.map((i) => ({ query: 'mutation ($i: CreateClientInput!) { createClient(input: $i) { client { id } userErrors { code field } } }', variables: { i } })),
  fc.tuple(id, input).map(([i, patch]) => ({
    query: 'mutation ($id: ID!, $p: UpdateClientInput!) { updateClient(id: $id, input: $p) { client { id } userErrors { code } } }',
    variables: { id: i, p: patch },
  })),
  fc.string({ maxLength: 200 }).map((query) => ({ query })),
  fc.record({ query: anyJson, variables: anyJson, operationName: anyJson }),
);

test('random operations never break the server', async () => {
  await fc.assert(
    fc.asyncProperty(operation, async (body) => {
      const response = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await response.text();
      if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${JSON.stringify(body)}: ${text}`);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      if (!('data' in parsed) && !('errors' in parsed)) throw new Error(`neither data nor errors for ${JSON.stringify(body)}: ${text}`);
    }),
    { numRuns: 1500, interruptAfterTimeLimit: 20_000 },
  );
  // Raw bodies that are not even JSON.
  for (const raw of ['{', '[]', 'null', '"query"', '{"query": 1}', '\u0000', '{"query":{"__proto__":""}}', '{"constructor":{"prototype":{}}}']) {
    const response = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(response.status).toBeLessThan(500);
    expect(Object.keys((await response.json()) as object)).toEqual(['errors']);
  }
  // Still serving (the name may have been changed by a random update, so only the id is checked).
  expect((await service.gql('{ client(id: "fatora:1024") { id } }')).body).toEqual({ data: { client: { id: 'fatora:1024' } } });
}, 60_000);
