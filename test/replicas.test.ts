import { createHash } from 'node:crypto';
import { Provider } from '../src/providers/index.js';
import { loadConfig, withProviders } from '../src/config.js';
import { gate } from '../src/providers/simulator-kit.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { createServer } from '../src/server.js';
import { describeWithRedis } from './helpers/redis.js';
import { metric, startService, until, type TestService } from './helpers/service.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

/**
 * Two instances of the service (replicas A and B) on one Redis and one set of simulators:
 * what one replica promises holds across both. Database 11 of the test Redis is this file's.
 */

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { field message code } }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateClientInput!) {
  updateClient(id: $id, input: $input) { client { name phone } userErrors { code } }
}`;
const READ = 'query ($id: ID!) { client(id: $id) { id name email phone notes address { formatted } raw } }';

await describeWithRedis(11, 'two replicas on one Redis', (redisUrl) => {
  let sims: Simulators;
  let a: TestService;
  let b: TestService;
  const env = { REDIS_URL: redisUrl, READ_CACHE_TTL_MS: '60000', UPSTREAM_TIMEOUT_MS: '300' };
  beforeAll(async () => {
    sims = await startSimulators();
    a = await startService({ simulators: sims, env });
    b = await startService({ simulators: sims, env });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await sims.close();
  });
  beforeEach(() => a.resetCalls());
  const fatora = () => sims.byProvider[Provider.FATORA];
  const ic = () => sims.byProvider[Provider.INVISIBLE_COLLECTOR];

  test('boot says which stores are shared', () => {
    expect(a.logs.find((line) => line.msg.startsWith('shared state on Redis'))).toMatchObject({
      msg: `shared state on Redis ${redisUrl}: idempotency keys, update locks, APQ cache, upstream rate budgets, read cache`,
      shared: ['idempotency keys', 'update locks', 'APQ cache', 'upstream rate budgets', 'read cache'],
    });
  });

  test('an idempotent create through A, then its retry through B: one POST, one client', async () => {
    const input = { provider: 'FATORA', name: 'Replicated Ltd', email: 'once@replicas.example' };
    const first = await a.gql(CREATE, { input, key: 'replica-key-1' });
    const retry = await b.gql(CREATE, { input, key: 'replica-key-1' });
    expect(retry.body).toEqual(first.body);
    expect(first.body.data.createClient.client.name).toBe('Replicated Ltd');
    expect(fatora().count('POST')).toBe(1);
  });

  test('concurrent duplicates through both replicas share one POST', async () => {
    const input = { provider: 'DAFTRA', name: 'Crowded Co' };
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).gql(CREATE, { input, key: 'replica-key-2' })));
    const ids = new Set(results.map((r) => r.body.data.createClient.client.id));
    expect(ids.size).toBe(1);
    expect(sims.byProvider[Provider.DAFTRA].count('POST')).toBe(1);
  });

  test('a create that ended in doubt on A is OUTCOME_UNKNOWN on B, with no second POST', async () => {
    const input = { provider: 'FATORA', name: 'Doubt Across Ltd' };
    const held = gate();
    fatora().inject({ method: 'POST', hold: held.promise });
    const first = await a.gql(CREATE, { input, key: 'replica-key-3' });
    held.open();
    expect(first.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'fatora', outcome: 'UNKNOWN' });
    const retry = await b.gql(CREATE, { input, key: 'replica-key-3' });
    expect(retry.body.errors[0].extensions).toEqual({ code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' });
    expect(fatora().count('POST')).toBe(1);
  });

  test.each([
    ['Fatora', 'fatora:1025'],
    ['Invisible Collector', 'invisible-collector:5b2c7e1a-3f4d-4a8b-9c6e-0d1f2a3b4c5d'],
  ])('20 concurrent update pairs at %s, one half through A and the other through B: no change is lost', async (_name, id) => {
    const sim = id.startsWith('fatora') ? fatora() : ic();
    sim.latencyMs = 10;
    try {
      for (let trial = 0; trial < 20; trial++) {
        const name = `Replica Pair ${trial}`;
        const phone = `+1 555 ${trial}`;
        const [first, second] = await Promise.all([
          (trial % 2 ? a : b).gql(UPDATE, { id, input: { name } }),
          (trial % 2 ? b : a).gql(UPDATE, { id, input: { phone } }),
        ]);
        expect([first.body.data.updateClient.userErrors, second.body.data.updateClient.userErrors]).toEqual([[], []]);
        const after = await (trial % 2 ? a : b).gql(READ, { id });
        expect(after.body.data.client).toMatchObject({ name, phone });
      }
      // The writes never overlapped: one call at a time reached the provider.
      expect(sim.maxInFlight).toBe(1);
    } finally {
      sim.latencyMs = 0;
    }
  });

  test('an automatic persisted query registered through A runs through B', async () => {
    const query = '{ client(id: "daftra:512") { id name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then((r) => r.json());
    expect(await post(b.url, { extensions })).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    const registered = await post(a.url, { query, extensions });
    expect(await post(b.url, { extensions })).toEqual(registered);
    expect(registered).toEqual({ data: { client: { id: 'daftra:512', name: expect.any(String) } } });
  });

  test('read cache: B answers from the cache exactly as read, and after a write through A it reads the written client', async () => {
    const id = 'fatora:1026';
    const upstream = await b.gql(READ, { id });
    const cached = await b.gql(READ, { id });
    const viaA = await a.gql(READ, { id });
    expect(cached.body).toEqual(upstream.body);
    expect(viaA.body).toEqual(upstream.body);
    expect(fatora().count('GET', /^\/clients\/1026$/)).toBe(1);

    const write = await a.gql(UPDATE, { id, input: { name: 'Written Through A', email: 'a@replicas.example' } });
    expect(write.body.data.updateClient.userErrors).toEqual([]);
    const after = await b.gql(READ, { id });
    expect(after.body.data.client).toMatchObject({ name: 'Written Through A', email: 'a@replicas.example' });
    expect(after.body.data.client.raw).toMatchObject({ name: 'Written Through A', email: 'a@replicas.example' });
    const metrics = await fetch(b.url.replace('/graphql', '/metrics')).then((r) => r.text());
    expect(metrics).toMatch(/^read_cache_requests_total\{result="hit"\} [1-9]/m);
  });

  test('read cache: a read on B that starts after a write through A returned never shares B\'s read begun before the write', async () => {
    // Review finding: B's new read joined B's own read in flight, which A's write could not drop.
    const id = 'fatora:3001';
    const path = /^\/clients\/3001$/;
    const before = await fetch(`${fatora().url}/clients/3001`, { headers: { ...fatora().settings.headers } })
      .then((r) => r.json() as Promise<{ client: { name: string; phone: string } }>);
    const held = gate();
    // B's read gets the record from before the write, once the test lets it go.
    fatora().inject({ method: 'GET', path, hold: held.promise, status: 200, body: before });
    const early = b.gql(READ, { id });
    await until(() => fatora().count('GET', path) === 2);
    const write = await a.gql(UPDATE, { id, input: { name: 'Written While B Read' } });
    expect(write.body.data.updateClient).toEqual({ client: { name: 'Written While B Read', phone: before.client.phone }, userErrors: [] });
    const late = b.gql(READ, { id });
    // Its own call to the provider (B's, the direct one, A's read for its write, this one).
    // Joining the held read would make none: the deadline only ends that failing case.
    const deadline = Date.now() + 10_000;
    await until(() => fatora().count('GET', path) === 4 || Date.now() > deadline);
    held.open();
    expect(fatora().count('GET', path)).toBe(4);
    await early; // (its answer, or its timeout under load, is not what this test is about)
    expect((await late).body.data.client).toMatchObject({ name: 'Written While B Read', raw: { name: 'Written While B Read' } });
    // The early read did not put its older answer into the cache either.
    expect((await b.gql(READ, { id })).body.data.client.name).toBe('Written While B Read');
  });

  test('/readyz reports Redis', async () => {
    const ready = await fetch(a.url.replace('/graphql', '/readyz')).then((r) => r.json());
    expect(ready).toEqual({ status: 'ready', redis: 'reachable' });
  });

  describe('Redis gone mid-test', () => {
    let proxy: TcpProxy;
    let c: TestService;
    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(redisUrl).port || 6379), new URL(redisUrl).hostname);
      const throughProxy = redisUrl.replace(/:\/\/([^/]+)/, `://127.0.0.1:${proxy.port}`);
      c = await startService({ simulators: sims, env: { ...env, REDIS_URL: throughProxy } });
      await c.gql(READ, { id: 'fatora:1024' }); // cached while Redis was there
      await proxy.cut();
    });
    afterAll(() => c.close());

    test('reads are still served, from the provider; keyed creates and updates are refused with STATE_UNAVAILABLE; nothing is written', async () => {
      a.resetCalls();
      const read = await c.gql(READ, { id: 'fatora:1024' });
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.client.id).toBe('fatora:1024');
      expect(fatora().count('GET')).toBe(1);

      const create = await c.gql(CREATE, { input: { provider: 'FATORA', name: 'Unprotected Ltd' }, key: 'replica-key-4' });
      expect(create.body).toEqual({
        data: { createClient: null },
        errors: [{
          message: 'The shared state (Redis) is unavailable, so this idempotent create was not attempted: retry later',
          path: ['createClient'], locations: expect.any(Array), extensions: { code: 'STATE_UNAVAILABLE' },
        }],
      });
      const update = await c.gql(UPDATE, { id: 'fatora:1024', input: { phone: '0' } });
      expect(update.body.errors[0].extensions).toEqual({ code: 'STATE_UNAVAILABLE' });
      expect(fatora().calls.filter((call) => call.method !== 'GET')).toEqual([]);

      const ready = await fetch(c.url.replace('/graphql', '/readyz')).then((r) => r.json());
      expect(ready).toEqual({ status: 'ready', redis: 'unreachable' });
      const metrics = await fetch(c.url.replace('/graphql', '/metrics')).then((r) => r.text());
      expect(metrics).toMatch(/^redis_errors_total\{store="read_cache"\} [1-9]/m);
      expect(metrics).toMatch(/^redis_errors_total\{store="idempotency"\} [1-9]/m);
      // The first failure warns: this lookup's, or the store of the read before the cut, which
      // the read's answer does not wait for.
      expect(c.logs.filter((line) => /^read cache (lookup|store) failed/.test(line.msg))).toHaveLength(1);
    });
  });

  describe('Redis hung mid-test (answers nothing, connection open)', () => {
    let proxy: TcpProxy;
    let d: TestService;
    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(redisUrl).port || 6379), new URL(redisUrl).hostname);
      d = await startService({ simulators: sims, env: { ...env, REDIS_URL: redisUrl.replace(/:\/\/([^/]+)/, `://127.0.0.1:${proxy.port}`) } });
      proxy.hang();
    });
    afterAll(async () => {
      await d.close();
      await proxy.cut();
    });

    test('one read waits out the cache lookup\'s timeout; the reads after it skip the cache and send Redis nothing', async () => {
      a.resetCalls();
      const first = await d.gql(READ, { id: 'fatora:3002' });
      expect(first.body.data.client.id).toBe('fatora:3002');
      const sent = proxy.heldBytes;
      expect(sent).toBeGreaterThan(0);
      const next = await d.gql(READ, { id: 'fatora:3003' });
      expect(next.body.data.client.id).toBe('fatora:3003');
      expect(proxy.heldBytes).toBe(sent);
      expect(fatora().count('GET')).toBe(2);
    });
  });

  describe('Redis answering after the command timeout', () => {
    let proxy: TcpProxy;
    let e: TestService;
    beforeAll(async () => {
      proxy = await startTcpProxy(Number(new URL(redisUrl).port || 6379), new URL(redisUrl).hostname);
      e = await startService({ simulators: sims, env: { ...env, REDIS_URL: redisUrl.replace(/:\/\/([^/]+)/, `://127.0.0.1:${proxy.port}`) } });
    });
    afterAll(async () => {
      await e.close();
      await proxy.cut();
    });

    test('a claim or lock that landed after its timeout is taken back: the retry creates (or updates) at once, not OUTCOME_UNKNOWN or CLIENT_BUSY', async () => {
      // Review finding: the SET landed, the create was refused as not attempted, and the key
      // stayed pending, then in doubt.
      a.resetCalls();
      const input = { provider: 'FATORA', name: 'Late Claim Ltd' };
      let release = proxy.holdAnswers();
      const refused = await e.gql(CREATE, { input, key: 'late-claim' });
      release();
      expect(refused.body.errors[0].extensions).toEqual({ code: 'STATE_UNAVAILABLE' });
      const retry = await e.gql(CREATE, { input, key: 'late-claim' });
      expect(retry.body.errors).toBeUndefined();
      expect(retry.body.data.createClient.client.name).toBe('Late Claim Ltd');

      release = proxy.holdAnswers();
      const busy = await e.gql(UPDATE, { id: 'fatora:3004', input: { phone: '1' } });
      release();
      expect(busy.body.errors[0].extensions).toEqual({ code: 'STATE_UNAVAILABLE' });
      const waits = await metric(e.url, 'update_lock_waits_total');
      const update = await e.gql(UPDATE, { id: 'fatora:3004', input: { phone: '2' } });
      expect(await metric(e.url, 'update_lock_waits_total')).toBe(waits); // it found the lock free
      expect(update.body.data.updateClient).toEqual({ client: { name: 'Load Client 4', phone: '2' }, userErrors: [] });
      expect(fatora().count('POST')).toBe(1);
      expect(fatora().count('PUT')).toBe(1);
    }, 30_000);
  });

  test('boot fails when Redis cannot be reached, naming the URL without its password', async () => {
    const config = withProviders(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', REDIS_URL: 'redis://:hunter2@127.0.0.1:1/3' }), sims.settings);
    await expect(createServer(config)).rejects.toThrow(new Error('Cannot reach Redis at redis://:***@127.0.0.1:1/3 (ECONNREFUSED)'));
  });
});
