import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { Provider } from '../src/providers/index.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { startRedisCluster, type OwnCluster } from './helpers/redis-server.js';
import { startService, until, type TestService } from './helpers/service.js';

/**
 * Two replicas on a Redis Cluster of three masters this file starts (REDIS_CLUSTER_NODES):
 * every multi-key script and transaction keeps to one slot, and keys spread over the nodes.
 */

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { code } }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateClientInput!) {
  updateClient(id: $id, input: $input) { client { name phone } userErrors { code } }
}`;
const READ = 'query ($id: ID!) { client(id: $id) { id name phone } }';

describe('two replicas on a 3-master Redis Cluster', () => {
  let cluster: OwnCluster;
  let sims: Simulators;
  let a: TestService;
  let b: TestService;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    sims = await startSimulators();
    const env = { REDIS_CLUSTER_NODES: cluster.nodes.join(','), READ_CACHE_TTL_MS: '60000' };
    a = await startService({ simulators: sims, env });
    b = await startService({ simulators: sims, env });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sims?.close();
    await cluster?.stop();
  });
  const fatora = () => sims.byProvider[Provider.FATORA];

  test('boot names the cluster', () => {
    expect(a.logs.find((line) => line.msg.startsWith('shared state on Redis'))?.msg)
      .toBe(`shared state on Redis Cluster ${cluster.nodes.join(',')}: idempotency keys, update locks, APQ cache, upstream rate budgets, read cache`);
  });

  test('30 idempotent creates under 15 keys, half through each replica, at once: one POST per key, each key\'s answers equal', async () => {
    // Review finding: 16/30 got STATE_UNAVAILABLE (MOVED) with one connection to one node.
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b)
      .gql(CREATE, { input: { provider: 'FATORA', name: `Cluster ${i % 15}` }, key: `cluster-key-${i % 15}` })));
    for (const result of results) expect(result.body.errors).toBeUndefined();
    for (let k = 0; k < 15; k++) expect(results[k + 15]!.body).toEqual(results[k]!.body);
    expect(fatora().count('POST')).toBe(15);
  });

  test('15 concurrent update pairs of one client, across the replicas: no change is lost; reads after each see both', async () => {
    const id = 'fatora:1025';
    for (let trial = 0; trial < 15; trial++) {
      const [first, second] = await Promise.all([
        (trial % 2 ? a : b).gql(UPDATE, { id, input: { name: `Cluster Pair ${trial}` } }),
        (trial % 2 ? b : a).gql(UPDATE, { id, input: { phone: `+1 555 ${trial}` } }),
      ]);
      expect([first.body.data.updateClient.userErrors, second.body.data.updateClient.userErrors]).toEqual([[], []]);
      const after = await (trial % 2 ? a : b).gql(READ, { id });
      expect(after.body.data.client).toEqual({ id, name: `Cluster Pair ${trial}`, phone: `+1 555 ${trial}` });
    }
    expect(fatora().maxInFlight).toBe(1);
  });

  test('the read cache\'s two-key script and an APQ registration work across the slots', async () => {
    fatora().reset();
    const read = await a.gql(READ, { id: 'fatora:3010' });
    // The read's answer does not wait for the cache to store it: wait for the entry on its node.
    const nodes = cluster.nodes.map((node) => new Redis(Number(node.split(':')[1]), '127.0.0.1'));
    try {
      await until(async () => (await Promise.all(nodes.map((node) => node.keys('clients-graph:read:*|3010}:c')))).flat().length === 1);
    } finally {
      for (const node of nodes) node.disconnect();
    }
    expect((await b.gql(READ, { id: 'fatora:3010' })).body).toEqual(read.body);
    expect(fatora().count('GET', /^\/clients\/3010$/)).toBe(1);
    const query = '{ client(id: "fatora:3010") { id } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then((r) => r.json());
    const registered = await post(a.url, { query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(await post(b.url, { extensions: { persistedQuery: { version: 1, sha256Hash } } })).toEqual(registered);
  });
});
