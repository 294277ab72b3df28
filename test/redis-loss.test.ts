import { Provider } from '../src/providers/index.js';
import { gate } from '../src/providers/simulator-kit.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { startRedisServer, type OwnRedis } from './helpers/redis-server.js';
import { metric, startService, until, type TestService } from './helpers/service.js';

/**
 * A Redis without persistence, killed and started again empty while a keyed create and a
 * locked update are under way (a redis-server of this file's own).
 */

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { code } }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateClientInput!) {
  updateClient(id: $id, input: $input) { client { name } userErrors { code } }
}`;

describe('Redis that lost its data', () => {
  let redis: OwnRedis;
  let sims: Simulators;
  let service: TestService;
  beforeAll(async () => {
    redis = await startRedisServer();
    sims = await startSimulators();
    service = await startService({ simulators: sims, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await service.close();
    await sims.close();
    await redis.stop();
  });
  const fatora = () => sims.byProvider[Provider.FATORA];
  const readyz = () => fetch(service.url.replace('/graphql', '/readyz')).then((r) => r.json() as Promise<Record<string, string>>);

  test('a keyed create and a locked update under way are in doubt, not completed as if nothing happened; the loss is logged, counted and shown', async () => {
    expect(await readyz()).toEqual({ status: 'ready', redis: 'reachable' });
    const heldPost = gate();
    const heldPut = gate();
    fatora().inject({ method: 'POST', hold: heldPost.promise });
    fatora().inject({ method: 'PUT', path: /^\/clients\/3020$/, hold: heldPut.promise });
    const input = { provider: 'FATORA', name: 'Lost Key Ltd' };
    const creating = service.gql(CREATE, { input, key: 'lost-key' });
    const updating = service.gql(UPDATE, { id: 'fatora:3020', input: { name: 'Lost Lock' } });
    await until(() => fatora().count('POST') === 1 && fatora().count('PUT') === 1);

    await redis.restart();
    await until(async () => (await readyz()).redisDataLostAt !== undefined);
    heldPost.open();
    heldPut.open();

    // The create was made, and its caller hears so; its key is kept in doubt, since a retry
    // elsewhere during the loss could have made another: a retry gets OUTCOME_UNKNOWN, not a second POST.
    const created = await creating;
    expect(created.body.data.createClient.client.name).toBe('Lost Key Ltd');
    const retry = await service.gql(CREATE, { input, key: 'lost-key' });
    expect(retry.body.errors[0].extensions).toEqual({ code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' });
    expect(retry.body.errors[0].message).toContain(`the shared state (Redis) lost this key while its create ran (it made ${created.body.data.createClient.client.id})`);
    expect(fatora().count('POST')).toBe(1);

    // The update was written, but without its lock throughout: the caller is told to look.
    const updated = await updating;
    expect(updated.body.errors[0]).toMatchObject({
      message: 'The shared state (Redis) lost this client\'s update lock while the update ran (Redis lost its data?), so another update '
        + 'may have written over it. The change may have been made: read the client to see.',
      extensions: { code: 'STATE_UNAVAILABLE', outcome: 'UNKNOWN' },
    });

    expect(await metric(service.url, 'redis_data_loss_total')).toBe(1);
    expect(service.logs.filter((line) => line.level === 50 && line.msg.startsWith('Redis lost its data'))).toHaveLength(1);
    const ready = await readyz();
    expect(ready).toEqual({ status: 'ready', redis: 'reachable', redisDataLostAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  }, 30_000);
});
