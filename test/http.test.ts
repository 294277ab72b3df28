import { startService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

test('GET /graphql answers queries (with the CSRF-prevention header browsers cannot forge)', async () => {
  const url = `${service.url}?query=${encodeURIComponent('{ client(id: "fatora:1024") { name } }')}`;
  const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { client: { name: 'Client Name' } } });
});

test('a GET a browser could be tricked into sending is refused', async () => {
  const url = `${service.url}?query=${encodeURIComponent('{ providers { configured } }')}`;
  const response = await fetch(url);
  expect(response.status).toBe(400);
});

test('mutations are refused over GET', async () => {
  const url = `${service.url}?query=${encodeURIComponent('mutation { createClient(input: { provider: FATORA, name: "X" }) { client { id } } }')}`;
  const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
  expect(response.status).toBe(405);
  expect(service.fatora.calls).toHaveLength(0);
});

test('a browser opening /graphql gets Apollo Sandbox', async () => {
  const response = await fetch(service.url, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  const html = await response.text();
  expect(html).toContain('embeddable-sandbox');
});

test('introspection is on by default', async () => {
  const { body } = await service.gql('{ __type(name: "Client") { name } }');
  expect(body).toEqual({ data: { __type: { name: 'Client' } } });
});

describe('GRAPHQL_INTROSPECTION=false', () => {
  let closed: TestService;
  beforeAll(async () => { closed = await startService({ env: { GRAPHQL_INTROSPECTION: 'false' } }); });
  afterAll(() => closed.close());

  test('refuses introspection but serves queries', async () => {
    const { status, body } = await closed.gql('{ __schema { types { name } } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await closed.gql('{ client(id: "daftra:514") { name } }')).body).toEqual({ data: { client: { name: 'Delta Foods' } } });
  });
});
