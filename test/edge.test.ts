import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

/** A response's JSON body, loosely typed: the tests assert exact values. */
async function json(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}

const totalCalls = (s: TestService) => s.fatora.calls.length + s.daftra.calls.length + s.ic.calls.length;
const post = (s: TestService, body: unknown, headers: Record<string, string> = {}) =>
  fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('abuse limits refuse before any upstream call, naming the limit', () => {
  test.each([
    ['aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: client(id: "fatora:1024") { id }`).join(' ')} }`, 'MAX_ALIASES_EXCEEDED'],
    ['directives', `{ client(id: "fatora:1024") { id ${Array.from({ length: 21 }, () => '@include(if: true)').join(' ')} } }`, 'MAX_DIRECTIVES_EXCEEDED'],
    ['upstream lookups', `{ clients(ids: [${Array.from({ length: 200 }, (_, i) => `"fatora:${3000 + i}"`).join(', ')}, "daftra:512"]) { id } }`, 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED'],
  ])('%s', async (_name, query, code) => {
    const { status, body } = await service.gql(query);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors.map((e: any) => e.extensions.code)).toContain(code);
    expect(totalCalls(service)).toBe(0);
  });

  test('depth (MAX_DEPTH=2)', async () => {
    const shallow = await startService({ env: { MAX_DEPTH: '2' } });
    try {
      const { status, body } = await shallow.gql('{ client(id: "fatora:1024") { address { city } } }');
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('MAX_DEPTH_EXCEEDED');
      expect(totalCalls(shallow)).toBe(0);
    } finally {
      await shallow.close();
    }
  });

  test('the lookup budget counts the distinct ids, in variables and entity representations too', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `fatora:${3000 + i}`);
    const more = Array.from({ length: 120 }, (_, i) => `daftra:${3000 + i}`);
    const { body } = await service.gql(
      'query ($ids: [ID!]!, $more: [ID!]!) { a: clients(ids: $ids) { id } b: clients(ids: $more) { id } c: clients(ids: $ids) { id } }',
      { ids, more },
    );
    expect(body.errors[0]).toMatchObject({
      message: 'This operation could make 240 upstream lookups; the limit is 200. Split it into smaller operations.',
      extensions: { code: 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED', lookups: 240, limit: 200 },
    });
    expect(totalCalls(service)).toBe(0);
  });

  test('repeated ids cost one lookup: 500 representations of 3 clients pass', async () => {
    const r = Array.from({ length: 500 }, (_, i) => ({ __typename: 'Client', id: ['fatora:1024', 'daftra:512', 'invisible-collector:345'][i % 3] }));
    const { body } = await service.gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id } } }', { r });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toHaveLength(500);
    expect(totalCalls(service)).toBe(3);
  });

  test('a 2,000-alias document is refused in milliseconds (token limit)', async () => {
    // Short aliases, so it stays under MAX_QUERY_BYTES (64 KiB) and reaches the parser.
    const query = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: client(id: "1") { id }`).join(' ')} }`;
    const started = performance.now();
    const { status, body } = await service.gql(query);
    const ms = performance.now() - started;
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('MAX_TOKENS_EXCEEDED');
    expect(ms).toBeLessThan(250);
    expect(totalCalls(service)).toBe(0);
  });

  test('an ordinary operation passes every limit', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `fatora:${3000 + i}`);
    const { body } = await service.gql('query Ok($ids: [ID!]!) { clients(ids: $ids) { id name address { formatted } } }', { ids });
    expect(body.errors).toBeUndefined();
    expect(body.data.clients).toHaveLength(50);
  });
});

describe('HTTP limits', () => {
  test('a body over 1 MiB is 413', async () => {
    const response = await post(service, { query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    expect(response.status).toBe(413);
  });

  test('batched requests are refused unless enabled', async () => {
    const response = await post(service, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('batching');
  });

  test('with ALLOW_BATCHED_REQUESTS=true batches run, up to MAX_BATCH_SIZE', async () => {
    const batched = await startService({ env: { ALLOW_BATCHED_REQUESTS: 'true', MAX_BATCH_SIZE: '3' } });
    try {
      const ok = await post(batched, [{ query: '{ client(id: "fatora:1024") { name } }' }, { query: '{ client(id: "daftra:514") { name } }' }]);
      expect(await json(ok)).toEqual([{ data: { client: { name: 'Client Name' } } }, { data: { client: { name: 'Delta Foods' } } }]);
      const tooMany = await post(batched, Array.from({ length: 4 }, () => ({ query: '{ __typename }' })));
      expect(tooMany.status).toBe(400);
      expect(await json(tooMany)).toEqual({ errors: [{ message: 'A batch may hold at most 3 operations.', extensions: { code: 'BATCH_TOO_LARGE' } }] });
    } finally {
      await batched.close();
    }
  });

  test('CORS is off by default and follows CORS_ORIGINS', async () => {
    const preflight = (s: TestService, origin: string) => fetch(s.url, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect((await preflight(service, 'https://app.example')).headers.get('access-control-allow-origin')).toBeNull();
    const open = await startService({ env: { CORS_ORIGINS: 'https://app.example' } });
    try {
      expect((await preflight(open, 'https://app.example')).headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect((await preflight(open, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.close();
    }
  });

  test('application/graphql-response+json is spoken', async () => {
    const response = await post(service, { query: '{ client(id: "fatora:1024") { name } }' }, { accept: 'application/graphql-response+json' });
    expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(await json(response)).toEqual({ data: { client: { name: 'Client Name' } } });
  });

  test('errors carry no stack trace outside NODE_ENV=development', async () => {
    const { body } = await service.gql('{ client(id: "nope") { id } }');
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|node_modules|\/src\//);
  });
});

describe('persisted queries', () => {
  const query = '{ client(id: "fatora:1024") { name } }';
  const hash = createHash('sha256').update(query).digest('hex');
  const apq = (q: string | undefined, h: string) => ({ ...(q ? { query: q } : {}), extensions: { persistedQuery: { version: 1, sha256Hash: h } } });

  test('automatic persisted queries: unknown hash, then registered, then by hash alone', async () => {
    const first = await json(post(service, apq(undefined, hash)));
    expect(first.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await json(post(service, apq(query, hash)))).toEqual({ data: { client: { name: 'Client Name' } } });
    expect(await json(post(service, apq(undefined, hash)))).toEqual({ data: { client: { name: 'Client Name' } } });
  });

  describe('PERSISTED_QUERIES_ONLY=true', () => {
    let locked: TestService;
    beforeAll(async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'persisted-')), 'persisted-documents.json');
      // The client preset's format: hash → document (its default hash is SHA-1).
      writeFileSync(file, JSON.stringify({ [createHash('sha1').update(query).digest('hex')]: query }));
      locked = await startService({ env: { PERSISTED_QUERIES_ONLY: 'true', PERSISTED_QUERIES_FILE: file } });
    });
    afterAll(() => locked.close());

    test('a listed document runs, sent whole, by documentId or by its SHA-256 hash', async () => {
      const expected = { data: { client: { name: 'Client Name' } } };
      expect(await json(post(locked, { query }))).toEqual(expected);
      expect(await json(post(locked, { documentId: createHash('sha1').update(query).digest('hex') }))).toEqual(expected);
      expect(await json(post(locked, apq(undefined, hash)))).toEqual(expected);
    });

    test('anything else is refused before it runs', async () => {
      const other = await post(locked, { query: '{ client(id: "fatora:1025") { name } }' });
      expect(other.status).toBe(400);
      expect((await json(other)).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      const registering = await post(locked, apq('{ providers { provider } }', createHash('sha256').update('{ providers { provider } }').digest('hex')));
      expect((await json(registering)).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      const unknownId = await post(locked, { documentId: 'abc' });
      expect((await json(unknownId)).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      expect(locked.fatora.calls.filter((c) => c.path === '/clients/1025')).toHaveLength(0);
    });
  });
});

describe('idempotent creates', () => {
  const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
    createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { field message code } }
  }`;

  test('concurrent duplicates with one key make one upstream POST and get the same client', async () => {
    const input = { provider: 'FATORA', name: 'Idempotent Ltd', email: 'once@idem.example' };
    const results = await Promise.all(Array.from({ length: 8 }, () => service.gql(CREATE, { input, key: 'key-1' })));
    const clients = results.map((r) => r.body.data.createClient.client);
    expect(new Set(clients.map((c) => c.id)).size).toBe(1);
    expect(clients[0].name).toBe('Idempotent Ltd');
    // A later retry too.
    const retry = await service.gql(CREATE, { input, key: 'key-1' });
    expect(retry.body.data.createClient.client).toEqual(clients[0]);
    expect(service.fatora.count('POST')).toBe(1);
  });

  test('the same key with another input is CONFLICT, and nothing is written', async () => {
    await service.gql(CREATE, { input: { provider: 'DAFTRA', name: 'First Input' }, key: 'key-2' });
    service.resetCalls();
    const { body } = await service.gql(CREATE, { input: { provider: 'DAFTRA', name: 'Second Input' }, key: 'key-2' });
    expect(body.data.createClient).toEqual({
      client: null,
      userErrors: [{ field: ['idempotencyKey'], message: 'This idempotencyKey was already used with a different input', code: 'CONFLICT' }],
    });
    expect(service.daftra.count('POST')).toBe(0);
  });

  test('without a key, two creates are two clients; a refused create does not spend its key', async () => {
    const input = { provider: 'FATORA', name: 'Twice Co' };
    const [a, b] = await Promise.all([service.gql(CREATE, { input }), service.gql(CREATE, { input })]);
    expect(a.body.data.createClient.client.id).not.toBe(b.body.data.createClient.client.id);
    const bad = await service.gql(CREATE, { input: { provider: 'FATORA', name: '' }, key: 'key-3' });
    expect(bad.body.data.createClient.userErrors[0].code).toBe('REQUIRED');
    const fixed = await service.gql(CREATE, { input: { provider: 'FATORA', name: 'Fixed Co' }, key: 'key-3' });
    expect(fixed.body.data.createClient.client.name).toBe('Fixed Co');
  });

  test('a malformed key is INVALID', async () => {
    const { body } = await service.gql(CREATE, { input: { provider: 'FATORA', name: 'K' }, key: 'has space' });
    expect(body.data.createClient.userErrors).toEqual([{ field: ['idempotencyKey'], message: 'idempotencyKey must be 1 to 255 printable ASCII characters', code: 'INVALID' }]);
  });
});
