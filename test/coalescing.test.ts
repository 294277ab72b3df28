import { gate } from '../src/providers/simulator-kit.js';
import { metric, startService, until, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService({ env: { ALLOW_REQUEST_CREDENTIALS: 'true' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const READ = 'query ($id: ID!) { client(id: $id) { id name phone } }';
const GID = '061d2feb-81c2-4694-a74a-13cecbe7d2ce';

// A request's loader batch is observed (dataloader_batch_size) just as it starts or joins
// the shared fetch, so the metric says when every request has joined.
const batches = (provider: string) => metric(service.url, `dataloader_batch_size_count{provider="${provider}"}`);

test('concurrent requests for a client being fetched share that one fetch', async () => {
  // The answer is held open until all 10 requests have joined: no guess at timing.
  const held = gate();
  service.fatora.inject({ method: 'GET', hold: held.promise });
  const before = await batches('fatora');
  const pending = Promise.all(Array.from({ length: 10 }, () => service.gql(READ, { id: 'fatora:1024' })));
  await until(async () => (await batches('fatora')) === before + 10);
  held.open();
  const results = await pending;
  expect(results.map((r) => r.body.data.client.name)).toEqual(Array(10).fill('Client Name'));
  expect(service.fatora.calls).toHaveLength(1);
});

test('finished answers are not cached across requests', async () => {
  await service.gql(READ, { id: 'fatora:1024' });
  await service.gql(READ, { id: 'fatora:1024' });
  expect(service.fatora.calls).toHaveLength(2);
});

test('requests with different credentials never share a fetch', async () => {
  const held = gate();
  service.fatora.inject({ method: 'GET', hold: held.promise, times: 3 });
  const before = await batches('fatora');
  const as = (token: string) => service.gql(READ, { id: 'fatora:1024' }, { 'x-fatora-token': token });
  const pending = Promise.all([as('tenant-a'), as('tenant-b'), service.gql(READ, { id: 'fatora:1024' })]);
  await until(async () => (await batches('fatora')) === before + 3);
  held.open();
  const [a, b, server] = await pending;
  expect([a.body.data.client, b.body.data.client, server.body.data.client.name]).toEqual([null, null, 'Client Name']);
  expect(service.fatora.calls).toHaveLength(3);
});

test('a write drops the in-flight read of its client: a read begun after the write fetches anew', async () => {
  const held = gate();
  service.ic.inject({ method: 'GET', path: new RegExp(`^/customers/${GID}$`), hold: held.promise });
  const slow = service.gql(READ, { id: `invisible-collector:${GID}` });
  await until(() => service.ic.count('GET', new RegExp(`^/customers/${GID}$`)) === 1);
  // Read by externalId (not joining the slow read), written to the gid.
  const write = await service.gql('mutation { updateClient(id: "invisible-collector:345", input: { phone: "999" }) { client { phone } } }');
  expect(write.body.data.updateClient.client.phone).toBe('999');
  const after = await service.gql(READ, { id: `invisible-collector:${GID}` });
  expect(after.body.data.client.phone).toBe('999');
  held.open();
  await slow;
  // The slow read, the update's own read under the gid's lock (never joining the slow one),
  // and the read after the write.
  expect(service.ic.count('GET', new RegExp(`^/customers/${GID}$`))).toBe(3);
});
