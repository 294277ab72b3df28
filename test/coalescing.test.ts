import { startService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService({ env: { ALLOW_REQUEST_CREDENTIALS: 'true' } }); });
afterAll(() => service.close());
beforeEach(() => {
  service.resetCalls();
  service.fatora.latencyMs = 0;
});

const READ = 'query ($id: ID!) { client(id: $id) { id name phone } }';
const GID = '061d2feb-81c2-4694-a74a-13cecbe7d2ce';

test('concurrent requests for a client being fetched share that one fetch', async () => {
  service.fatora.latencyMs = 100;
  const results = await Promise.all(Array.from({ length: 10 }, () => service.gql(READ, { id: 'fatora:1024' })));
  expect(results.map((r) => r.body.data.client.name)).toEqual(Array(10).fill('Client Name'));
  expect(service.fatora.calls).toHaveLength(1);
});

test('finished answers are not cached across requests', async () => {
  await service.gql(READ, { id: 'fatora:1024' });
  await service.gql(READ, { id: 'fatora:1024' });
  expect(service.fatora.calls).toHaveLength(2);
});

test('requests with different credentials never share a fetch', async () => {
  service.fatora.latencyMs = 100;
  const as = (token: string) => service.gql(READ, { id: 'fatora:1024' }, { 'x-fatora-token': token });
  const [a, b, server] = await Promise.all([as('tenant-a'), as('tenant-b'), service.gql(READ, { id: 'fatora:1024' })]);
  expect([a.body.data.client, b.body.data.client, server.body.data.client.name]).toEqual([null, null, 'Client Name']);
  expect(service.fatora.calls).toHaveLength(3);
});

test('a write drops the in-flight read of its client: a read begun after the write fetches anew', async () => {
  service.ic.inject({ method: 'GET', path: new RegExp(`^/customers/${GID}$`), delayMs: 1000 });
  const slow = service.gql(READ, { id: `invisible-collector:${GID}` });
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Read by externalId (not joining the slow read), written to the gid.
  const write = await service.gql('mutation { updateClient(id: "invisible-collector:345", input: { phone: "999" }) { client { phone } } }');
  expect(write.body.data.updateClient.client.phone).toBe('999');
  const after = await service.gql(READ, { id: `invisible-collector:${GID}` });
  expect(after.body.data.client.phone).toBe('999');
  await slow;
  // The slow read, the update's own read under the gid's lock (never joining the slow one),
  // and the read after the write.
  expect(service.ic.count('GET', new RegExp(`^/customers/${GID}$`))).toBe(3);
});
