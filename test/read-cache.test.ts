import { startService, type TestService } from './helpers/service.js';

/**
 * The opt-in read cache (READ_CACHE_TTL_MS) of one replica, in memory (no REDIS_URL): reads
 * served before any upstream call, exactly as read, per credential, and gone on every write.
 */

let service: TestService;
beforeAll(async () => { service = await startService({ env: { READ_CACHE_TTL_MS: '60000', ALLOW_REQUEST_CREDENTIALS: 'true' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const READ = `query ($id: ID!) { client(id: $id) {
  id provider providerId name email phone mobile notes taxNumber externalId locale currency clientNumber raw
  address { line1 line2 city region postalCode countryCode formatted }
} }`;

test('boot says the state is in memory, for one replica', () => {
  expect(service.logs.some((line) => line.msg === 'state in memory: fit for one replica only (set REDIS_URL to share it between replicas)')).toBe(true);
});

test('a second read is served from the cache, every field and raw exactly as first read', async () => {
  const first = await service.gql(READ, { id: 'daftra:513' });
  const second = await service.gql(READ, { id: 'daftra:513' });
  expect(first.body.errors).toBeUndefined();
  expect(second.body).toEqual(first.body);
  expect(service.daftra.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /clients/513']);
});

test('an update removes the cached client: the next read sees the write', async () => {
  await service.gql(READ, { id: 'invisible-collector:345' });
  await service.gql(READ, { id: 'invisible-collector:a9e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a' });
  // Written by gid; the client cached under its externalId goes too.
  const write = await service.gql(`mutation { updateClient(id: "invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce", input: { mobile: "911" }) {
    client { mobile } } }`);
  expect(write.body.data.updateClient.client.mobile).toBe('911');
  const after = await service.gql(READ, { id: 'invisible-collector:345' });
  expect(after.body.data.client.mobile).toBe('911');
  expect(after.body.data.client.raw.mobile).toBe('911');
});

test('one credential never reads what another cached', async () => {
  await service.gql(READ, { id: 'fatora:1024' });
  const tenant = await service.gql(READ, { id: 'fatora:1024' }, { 'x-fatora-token': 'tenant-cache' });
  expect(tenant.body.data.client).toBeNull();
  expect(service.fatora.count('GET', /^\/clients\/1024$/)).toBe(2);
});

test('"no such client" is not cached (a create may make that id a client)', async () => {
  const missing = await service.gql(READ, { id: 'fatora:99999' });
  expect(missing.body.data.client).toBeNull();
  await service.gql(READ, { id: 'fatora:99999' });
  expect(service.fatora.count('GET', /^\/clients\/99999$/)).toBe(2);
});

test('hits and misses are counted', async () => {
  const metrics = await fetch(service.url.replace('/graphql', '/metrics')).then((r) => r.text());
  expect(metrics).toMatch(/^read_cache_requests_total\{result="hit"\} [1-9]/m);
  expect(metrics).toMatch(/^read_cache_requests_total\{result="miss"\} [1-9]/m);
});
