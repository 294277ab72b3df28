import { createHash } from 'node:crypto';
import { credentialId } from '../src/clients/credential-ids.js';
import { loadConfig } from '../src/config.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { keyMaterial } from '../src/state/keys.js';
import { MemoryRateBuckets } from '../src/state/memory-rate-buckets.js';
import { pauseBucket, takeToken, type Bucket } from '../src/state/rate-buckets.js';
import { describeWithRedis } from './helpers/redis.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { metric, startService, type TestService } from './helpers/service.js';

/**
 * Upstream rate budgets: a token bucket per provider and credential (FATORA_RATE_PER_S,
 * FATORA_RATE_BURST), waited for within the call budget, then UPSTREAM_RATE_LIMITED; shared by
 * the replicas on one Redis, and paused by a provider's 429 for its Retry-After.
 */

const LIMIT = { perSecond: 10, burst: 3 };

describe('the bucket (pure)', () => {
  const full: Bucket | undefined = undefined;
  test.each<[string, Bucket | undefined, number, number, { bucket: Bucket | undefined; result: { taken: boolean; waitMs: number } }]>([
    ['a new bucket is full: the first call goes at once', full, 1000, 0, { bucket: { tokens: 2, at: 1000 }, result: { taken: true, waitMs: 0 } }],
    ['the last token of the burst', { tokens: 1, at: 1000 }, 1000, 0, { bucket: { tokens: 0, at: 1000 }, result: { taken: true, waitMs: 0 } }],
    ['empty: a token 100 ms away at 10/s, reserved when waiting is allowed', { tokens: 0, at: 1000 }, 1000, 500,
      { bucket: { tokens: -1, at: 1000 }, result: { taken: true, waitMs: 100 } }],
    ['empty with one reserved: the next waits 200 ms', { tokens: -1, at: 1000 }, 1000, 500, { bucket: { tokens: -2, at: 1000 }, result: { taken: true, waitMs: 200 } }],
    ['a wait longer than allowed takes nothing and says when', { tokens: -4, at: 1000 }, 1000, 400, { bucket: { tokens: -4, at: 1000 }, result: { taken: false, waitMs: 500 } }],
    ['refilled at the rate: 50 ms later, half a token more', { tokens: 0, at: 1000 }, 1050, 500, { bucket: { tokens: -0.5, at: 1050 }, result: { taken: true, waitMs: 50 } }],
    ['never above the burst', { tokens: 0, at: 1000 }, 60_000, 0, { bucket: { tokens: 2, at: 60_000 }, result: { taken: true, waitMs: 0 } }],
    ['paused until 5000: nothing before, then the deficit', { tokens: 0, at: 5000 }, 1000, 10_000, { bucket: { tokens: -1, at: 5000 }, result: { taken: true, waitMs: 4100 } }],
  ])('%s', (_name, bucket, now, maxWaitMs, expected) => {
    expect(takeToken(bucket, now, LIMIT, maxWaitMs)).toEqual(expected);
  });

  test.each<[string, Bucket | undefined, number, Bucket]>([
    ['a 429 with Retry-After 30 s empties a full bucket and holds it 30 s', full, 30_000, { tokens: 0, at: 31_000 }],
    ['without Retry-After it empties the bucket', { tokens: 3, at: 1000 }, 0, { tokens: 0, at: 1000 }],
    ['reservations already made stay owed', { tokens: -2, at: 1000 }, 1000, { tokens: -2, at: 2000 }],
    ['a longer pause already there is kept', { tokens: 0, at: 9000 }, 1000, { tokens: 0, at: 9000 }],
  ])('%s', (_name, bucket, pauseMs, expected) => {
    expect(pauseBucket(bucket, 1000, LIMIT, pauseMs)).toEqual(expected);
  });
});

describe('bucket keys: the credential id of provider, base URL and credential (one scheme with every shared key)', () => {
  const material = keyMaterial('epoch-1', null);
  const daftra = { baseUrl: 'https://a.daftra.com/api2', headers: { authorization: 'Bearer secret-token' } };
  const key = new MemoryRateBuckets(() => material).keyOf('daftra', daftra);

  test('the bucket of a credential is named by its credential id, holding neither the credential nor its plain hash', () => {
    expect(key).toBe(`rate|daftra|${credentialId(material, 'daftra', daftra)}`);
    expect(key).toMatch(/^rate\|daftra\|[0-9a-f]{32}$/);
    for (const text of ['secret-token', 'Bearer secret-token']) {
      expect(key).not.toContain(text);
      expect(key).not.toContain(createHash('sha256').update(text).digest('hex').slice(0, 32));
    }
  });

  test.each<[string, () => Buffer, string, typeof daftra & { apiKey?: string }]>([
    ['another settings object with the same credential (header order aside)', () => material, 'daftra',
      { headers: { authorization: 'Bearer secret-token' }, baseUrl: 'https://a.daftra.com/api2' }],
    ['another store of the same deployment (a replica)', () => keyMaterial('epoch-1', null), 'daftra', { ...daftra }],
  ])('the same credential gives the same key: %s', (_what, materialOf, provider, settings) => {
    expect(new MemoryRateBuckets(materialOf).keyOf(provider, settings)).toBe(key);
  });

  test.each<[string, () => Buffer, string, typeof daftra & { apiKey?: string }]>([
    ['another credential', () => material, 'daftra', { ...daftra, headers: { authorization: 'Bearer other' } }],
    ['another base URL (a tenant\'s subdomain)', () => material, 'daftra', { ...daftra, baseUrl: 'https://b.daftra.com/api2' }],
    ['another provider', () => material, 'fatora', daftra],
    ['an API key besides', () => material, 'daftra', { ...daftra, apiKey: 'secret-key' }],
    ['another deployment\'s key material', () => keyMaterial('epoch-2', null), 'daftra', daftra],
    ['a STATE_KEY_SECRET', () => keyMaterial('epoch-1', 'x'.repeat(32)), 'daftra', daftra],
  ])('%s gives another key', (_what, materialOf, provider, settings) => {
    expect(new MemoryRateBuckets(materialOf).keyOf(provider, settings)).not.toBe(key);
  });
});

describe('settings', () => {
  test('off unless set; the burst defaults to the rate rounded up; a rate alone does not leave demo mode', () => {
    expect(loadConfig({}).upstream.rateLimits).toEqual({ fatora: null, daftra: null, 'invisible-collector': null });
    const config = loadConfig({ FATORA_RATE_PER_S: '2.5', DAFTRA_RATE_PER_S: '5', DAFTRA_RATE_BURST: '20' });
    expect(config.upstream.rateLimits).toEqual({ fatora: { perSecond: 2.5, burst: 3 }, daftra: { perSecond: 5, burst: 20 }, 'invisible-collector': null });
    expect(config.demo).toBe(true);
  });

  test.each([
    [{ FATORA_RATE_PER_S: '0' }, 'FATORA_RATE_PER_S must be a number of calls a second above 0 and at most 100000, e.g. 5 or 0.5; got "0"'],
    [{ FATORA_RATE_PER_S: 'fast' }, 'FATORA_RATE_PER_S must be a number of calls a second above 0 and at most 100000, e.g. 5 or 0.5; got "fast"'],
    [{ FATORA_RATE_PER_S: '5', FATORA_RATE_BURST: '0' }, 'FATORA_RATE_BURST must be a whole number of calls from 1 to 100000; got "0"'],
    [{ INVISIBLE_COLLECTOR_RATE_BURST: '5' }, 'INVISIBLE_COLLECTOR_RATE_BURST needs INVISIBLE_COLLECTOR_RATE_PER_S: a burst alone is no budget'],
  ])('%j is refused at boot', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id } } }';
const representations = (count: number, from = 5000) => Array.from({ length: count }, (_, i) => ({ __typename: 'Client', id: `fatora:${from + i}` }));

describe('one replica (buckets in memory)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService({
      // A call may wait 1000 ms for a token (its budget less what it keeps for the attempt); the
      // breaker is kept out of the count (a slow machine's timeouts must not open it).
      env: {
        FATORA_RATE_PER_S: '10', FATORA_RATE_BURST: '5', UPSTREAM_TIMEOUT_MS: '2000', UPSTREAM_BUDGET_MS: '2000', UPSTREAM_RETRIES: '0',
        UPSTREAM_BREAKER_VOLUME: '100000',
      },
    });
  });
  afterAll(() => service.close());

  test('the providers query shows each budget', async () => {
    const { body } = await service.gql('{ providers { provider rateBudget { perSecond burst } } }');
    expect(body.data.providers).toEqual([
      { provider: 'FATORA', rateBudget: { perSecond: 10, burst: 5 } },
      { provider: 'DAFTRA', rateBudget: null },
      { provider: 'INVISIBLE_COLLECTOR', rateBudget: null },
    ]);
  });

  test('5 concurrent _entities requests of 100 lookups make at most burst + rate × their time calls; the rest fail UPSTREAM_RATE_LIMITED with retryAfter', async () => {
    service.resetCalls();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, k) => service.gql(ENTITIES, { r: representations(100, 10_000 * (k + 1)) })));
    const seconds = (Date.now() - started) / 1000;
    const calls = service.fatora.calls.length;
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(calls).toBeLessThanOrEqual(5 + Math.ceil(10 * seconds));
    const errors = answers.flatMap(({ body }) => body.errors ?? []);
    const refused = errors.filter((e: any) => e.extensions.code === 'UPSTREAM_RATE_LIMITED');
    // Every lookup (all distinct) was either made (an unknown client is null) or refused by the budget.
    expect(refused.length + calls).toBe(500);
    expect(refused[0].extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', provider: 'fatora', retryAfter: expect.any(Number) });
    expect(refused[0].extensions.retryAfter).toBeGreaterThanOrEqual(2);
    expect(refused[0].message).toBe("Fatora's rate budget for this credential is spent for now (10/s, burst 5)");
    expect(await metric(service.url, 'upstream_rate_budget_calls_total{provider="fatora",result="refused"}')).toBe(refused.length);
    expect(await metric(service.url, 'upstream_rate_budget_per_second{provider="fatora"}')).toBe(10);
    expect(await metric(service.url, 'upstream_rate_budget_burst{provider="fatora"}')).toBe(5);
  });

  test('another provider, without a budget, is not held by it', async () => {
    service.resetCalls();
    const { body } = await service.gql('{ a: client(id: "daftra:512") { id } b: client(id: "fatora:1024") { id } }');
    expect(body.data.a).toEqual({ id: 'daftra:512' });
  });
});

test("each credential has its own bucket: the server's spent, a tenant's own token still gets its calls", async () => {
  const service = await startService({ env: { FATORA_RATE_PER_S: '0.01', FATORA_RATE_BURST: '1', REQUEST_CREDENTIALS: 'optional', UPSTREAM_RETRIES: '0' } });
  try {
    const read = (headers?: Record<string, string>) => service.gql('{ client(id: "fatora:1024") { id } }', undefined, headers)
      .then(({ body }) => body.errors?.[0]?.extensions.code ?? 'ok');
    expect(await read()).toBe('ok');
    expect(await read()).toBe('UPSTREAM_RATE_LIMITED');
    // Tenant A's account has no client 1024 (null, no error): the call was made.
    expect(await read({ 'x-fatora-token': 'tenant-a' })).toBe('ok');
    expect(await read({ 'x-fatora-token': 'tenant-a' })).toBe('UPSTREAM_RATE_LIMITED');
    expect(await read({ 'x-fatora-token': 'tenant-b' })).toBe('ok');
    expect(service.fatora.calls).toHaveLength(3);
  } finally {
    await service.close();
  }
});

await describeWithRedis(13, 'replicas on one Redis share each budget', (redisUrl) => {
  let sims: Simulators;
  let a: TestService;
  let b: TestService;
  const env = {
    REDIS_URL: redisUrl, UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_BUDGET_MS: '600', UPSTREAM_RETRIES: '0',
    // One call per 100 s after a burst of 3: no token comes back while the test runs.
    FATORA_RATE_PER_S: '0.01', FATORA_RATE_BURST: '3', DAFTRA_RATE_PER_S: '100', DAFTRA_RATE_BURST: '100',
  };
  beforeAll(async () => {
    sims = await startSimulators();
    a = await startService({ env, simulators: sims });
    b = await startService({ env, simulators: sims });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await sims.close();
  });

  test("three calls at replica A spend the burst: replica B's next call is refused and never sent", async () => {
    sims.byProvider.fatora.reset();
    const first = await a.gql('{ x: client(id: "fatora:1024") { id } y: client(id: "fatora:1025") { id } z: client(id: "fatora:9999") { id } }');
    expect(first.body.errors).toBeUndefined();
    expect(sims.byProvider.fatora.calls).toHaveLength(3);
    const { body } = await b.gql('{ client(id: "fatora:1024") { id } }');
    expect(body.errors.map((e: any) => [e.extensions.code, e.extensions.retryAfter])).toEqual([['UPSTREAM_RATE_LIMITED', 100]]);
    expect(sims.byProvider.fatora.calls).toHaveLength(3);
  });

  test("a provider's 429 with Retry-After at replica A pauses that credential's budget at replica B too", async () => {
    const daftra = sims.byProvider.daftra;
    daftra.reset();
    daftra.inject({ status: 429, headers: { 'retry-after': '120' }, body: { code: 429, result: 'failed', message: 'Too many requests' } });
    const first = await a.gql('{ client(id: "daftra:512") { id } }');
    expect(first.body.errors.map((e: any) => [e.extensions.code, e.extensions.retryAfter])).toEqual([['UPSTREAM_RATE_LIMITED', 120]]);
    const { body } = await b.gql('{ client(id: "daftra:512") { id } }');
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(body.errors[0].extensions.retryAfter).toBeGreaterThan(100);
    expect(daftra.calls).toHaveLength(1);
    expect(await metric(a.url, 'upstream_rate_budget_pauses_total{provider="daftra"}')).toBe(1);
  });

  test("Redis gone: calls go on under this replica's own bucket (the same budget, not shared), with a warning", async () => {
    const proxy = await startTcpProxy(Number(new URL(redisUrl).port || 6379), new URL(redisUrl).hostname);
    const c = await startService({ simulators: sims, env: { ...env, REDIS_URL: redisUrl.replace(/:\/\/([^/]+)/, `://127.0.0.1:${proxy.port}`) } });
    try {
      await proxy.cut();
      const fatora = sims.byProvider.fatora;
      fatora.reset();
      const first = await c.gql('{ x: client(id: "fatora:1024") { id } y: client(id: "fatora:1025") { id } z: client(id: "fatora:9999") { id } }');
      expect(first.body.errors).toBeUndefined();
      const { body } = await c.gql('{ client(id: "fatora:1024") { id } }');
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_RATE_LIMITED');
      expect(fatora.calls).toHaveLength(3);
      expect(await metric(c.url, 'redis_errors_total{store="rate"}')).toBeGreaterThanOrEqual(4);
      expect(c.logs.filter((line) => line.msg.startsWith('rate budget: Redis failed'))).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});
