import { Redis } from 'ioredis';
import { Provider } from '../src/providers/index.js';
import { gate } from '../src/providers/simulator-kit.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import type { ProviderSettings } from '../src/clients/settings.js';
import { describeWithRedis } from './helpers/redis.js';
import { metric, startService, until, type TestService } from './helpers/service.js';

/**
 * Neighbours on one Redis database: deployment 1 (two replicas, the simulators' main account)
 * and deployment 2 (one replica, another account at the same base URLs: the simulators'
 * "tenant-two"). Replicas share every cached read, idempotency result and lock; deployments
 * share none. Database 13 of the test Redis is this file's.
 */

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { code } }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateClientInput!) {
  updateClient(id: $id, input: $input) { client { id name } userErrors { code } }
}`;
const READ = 'query ($id: ID!) { client(id: $id) { id name } }';

await describeWithRedis(13, 'two deployments on one Redis database', (redisUrl) => {
  let sims: Simulators;
  let one: TestService;
  let oneReplica: TestService;
  let two: TestService;
  const env = { REDIS_URL: redisUrl, READ_CACHE_TTL_MS: '60000' };
  const account = (settings: ProviderSettings, token: string): ProviderSettings => ({
    ...settings, headers: { ...settings.headers, authorization: `Bearer ${token}` },
  });
  beforeAll(async () => {
    sims = await startSimulators();
    one = await startService({ simulators: sims, env });
    oneReplica = await startService({ simulators: sims, env });
    two = await startService({
      simulators: sims,
      env,
      providers: {
        [Provider.FATORA]: account(sims.settings[Provider.FATORA], 'tenant-two'),
        [Provider.INVISIBLE_COLLECTOR]: account(sims.settings[Provider.INVISIBLE_COLLECTOR], 'tenant-two'),
      },
    });
  });
  afterAll(async () => {
    await Promise.all([one.close(), oneReplica.close(), two.close()]);
    await sims.close();
  });
  beforeEach(() => one.resetCalls());
  const fatora = () => sims.byProvider[Provider.FATORA];

  test('a read cached by deployment 1 is not served to deployment 2, which reads its own account; a replica of 1 is served it', async () => {
    const first = await one.gql(READ, { id: 'fatora:1024' });
    expect(first.body.data.client).toEqual({ id: 'fatora:1024', name: expect.any(String) });
    expect((await oneReplica.gql(READ, { id: 'fatora:1024' })).body).toEqual(first.body);
    expect(fatora().count('GET', /^\/clients\/1024$/)).toBe(1);
    // Deployment 2's account has no client 1024: it asks its provider and gets its own answer.
    expect((await two.gql(READ, { id: 'fatora:1024' })).body).toEqual({ data: { client: null } });
    expect(fatora().count('GET', /^\/clients\/1024$/)).toBe(2);
  });

  test('an idempotency key used by deployment 1 creates anew at deployment 2; a replica of 1 answers 1\'s result without a call', async () => {
    const input = { provider: 'FATORA', name: 'Neighbour Ltd' };
    const first = await one.gql(CREATE, { input, key: 'neighbour-key' });
    const retry = await oneReplica.gql(CREATE, { input, key: 'neighbour-key' });
    expect(retry.body).toEqual(first.body);
    expect(fatora().count('POST')).toBe(1);
    const other = await two.gql(CREATE, { input, key: 'neighbour-key' });
    expect(fatora().count('POST')).toBe(2);
    // Made in deployment 2's own account: it reads it back, deployment 1 does not see it there.
    const id = other.body.data.createClient.client.id;
    expect((await two.gql(READ, { id })).body.data.client).toEqual({ id, name: 'Neighbour Ltd' });
  });

  test('deployment 1\'s update lock holds back its replica but never deployment 2', async () => {
    const held = gate();
    fatora().inject({ method: 'PUT', path: /^\/clients\/1025$/, hold: held.promise });
    const holding = one.gql(UPDATE, { id: 'fatora:1025', input: { name: 'Held By One' } });
    await until(() => fatora().count('PUT') === 1);
    // Deployment 2 does not wait: its account has no client 1025, and it says so at once.
    const waitsBefore = await metric(two.url, 'update_lock_waits_total');
    expect((await two.gql(UPDATE, { id: 'fatora:1025', input: { name: 'Two' } })).body.data.updateClient)
      .toEqual({ client: null, userErrors: [{ code: 'NOT_FOUND' }] });
    expect(await metric(two.url, 'update_lock_waits_total')).toBe(waitsBefore);
    // The replica of deployment 1 waits for the lock.
    const replicaWaits = await metric(oneReplica.url, 'update_lock_waits_total');
    const waiting = oneReplica.gql(UPDATE, { id: 'fatora:1025', input: { name: 'After One' } });
    await until(async () => (await metric(oneReplica.url, 'update_lock_waits_total')) > replicaWaits);
    expect(fatora().count('PUT')).toBe(1);
    held.open();
    expect((await holding).body.data.updateClient.userErrors).toEqual([]);
    expect((await waiting).body.data.updateClient).toEqual({ client: { id: 'fatora:1025', name: 'After One' }, userErrors: [] });
  });

  test('no key name holds a credential or its plain SHA-256; every key is one of the named kinds', async () => {
    const redis = new Redis(redisUrl);
    try {
      const prefix = new URL(redisUrl).searchParams.get('keyPrefix')!;
      const names = (await redis.keys(`${prefix}*`)).map((name) => name.slice(prefix.length));
      expect(names.length).toBeGreaterThan(5);
      const { createHash } = await import('node:crypto');
      const secrets = ['fatora-simulator-token', 'tenant-two', 'invisible-collector-simulator-token'];
      for (const secret of secrets) {
        const hash = createHash('sha256').update(secret).digest('hex');
        for (const name of names) {
          expect(name).not.toContain(secret);
          expect(name).not.toContain(hash.slice(0, 16));
        }
      }
      for (const name of names) expect(name).toMatch(/^clients-graph:(epoch$|idem:\{|quota:\{|lock:\{|read:\{|apq:)/);
    } finally {
      redis.disconnect();
    }
  });
});
