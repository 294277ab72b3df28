import { redisTestUrl, flushTestDb } from './helpers/redis.js';
import { startService, type TestService } from './helpers/service.js';

/**
 * One tenant (a request credential) whose account's creates all end in doubt: its keys count
 * against its own cap, not the store's, and its own breaker opens. Database 14 of the test
 * Redis is this file's Redis case.
 */

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { name } userErrors { code } }
}`;
const as = (tenant: string) => ({ 'x-fatora-token': `tenant-${tenant}` });
const input = (name: string) => ({ provider: 'FATORA', name });

const redisReachable = (await flushTestDb(14)).ok;

describe.each([
  ['in memory', {}],
  ...(redisReachable || process.env.CI === 'true' ? [['on Redis', { REDIS_URL: redisTestUrl(14) }]] : []),
] as Array<[string, Record<string, string>]>)('per-credential idempotency quota (%s)', (_where, env) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService({ env: { ...env, REQUEST_CREDENTIALS: 'optional', IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL: '3' } });
  });
  afterAll(() => service.close());

  test('a tenant whose creates end in doubt is refused a fourth key; the server\'s callers and other tenants are not', async () => {
    // Review finding: its 10,000 keys in doubt made the store "full" for everyone for 24 h.
    service.fatora.inject({ method: 'POST', status: 200, body: 'not json', times: 3 });
    for (let i = 0; i < 3; i++) {
      const doubt = await service.gql(CREATE, { input: input(`Doubt ${i}`), key: `doubt-${i}` }, as('flaky'));
      expect(doubt.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', outcome: 'UNKNOWN' });
    }
    const refused = await service.gql(CREATE, { input: input('Doubt 3'), key: 'doubt-3' }, as('flaky'));
    expect(refused.body.errors[0]).toMatchObject({
      message: 'This credential already holds 3 idempotency keys (kept for their 24 hours; IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL), '
        + 'so this create with a new idempotencyKey was not attempted: retry later',
      extensions: { code: 'STATE_UNAVAILABLE' },
    });
    expect(service.fatora.count('POST')).toBe(3);
    const server = await service.gql(CREATE, { input: input('Server Caller Ltd'), key: 'doubt-3' });
    const other = await service.gql(CREATE, { input: input('Other Tenant Ltd'), key: 'doubt-3' }, as('steady'));
    expect(server.body.data.createClient.client.name).toBe('Server Caller Ltd');
    expect(other.body.data.createClient.client.name).toBe('Other Tenant Ltd');
  });
});

describe('a tenant whose creates keep ending in doubt', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService({
      env: { REQUEST_CREDENTIALS: 'optional', UPSTREAM_BREAKER_VOLUME: '3', UPSTREAM_BREAKER_ERROR_PERCENT: '40' },
    });
  });
  afterAll(() => service.close());

  test('trips its own breaker: its next create is not sent; another tenant\'s is', async () => {
    // Each create is a call that answered (a success to the breaker) and a write in doubt (a
    // failure): two of them are 2 failures in 4, past 40 % once 3 are counted.
    service.fatora.inject({ method: 'POST', status: 200, body: 'not json', times: 2 });
    for (let i = 0; i < 2; i++) {
      const doubt = await service.gql(CREATE, { input: input(`Doubt ${i}`), key: `breaker-${i}` }, as('flaky'));
      expect(doubt.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', outcome: 'UNKNOWN' });
    }
    const paused = await service.gql(CREATE, { input: input('Doubt 3'), key: 'breaker-3' }, as('flaky'));
    expect(paused.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'fatora' });
    expect(service.fatora.count('POST')).toBe(2);
    const other = await service.gql(CREATE, { input: input('Steady Ltd'), key: 'breaker-3' }, as('steady'));
    expect(other.body.data.createClient.client.name).toBe('Steady Ltd');
  });
});
