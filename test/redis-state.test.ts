import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import type { ClientRecord } from '../src/clients/client.js';
import { clientRecord } from '../src/clients/fields.js';
import { Provider } from '../src/providers/index.js';
import { RedisKeyValueCache } from '../src/state/apq-cache.js';
import { MemoryReadCache } from '../src/state/memory-read-cache.js';
import { createStateMetrics } from '../src/state/metrics.js';
import type { ReadCache } from '../src/clients/read-cache-port.js';
import { RedisIdempotencyStore } from '../src/state/redis-idempotency.js';
import { RedisUpdateLock } from '../src/state/redis-lock.js';
import { redisKey } from '../src/state/keys.js';
import { RedisReadCache } from '../src/state/redis-read-cache.js';
import { redactedUrl } from '../src/state/redis.js';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';
import { describeWithRedis } from './helpers/redis.js';
import { startService } from './helpers/service.js';
import { createHash } from 'node:crypto';

/** The Redis stores' own promises, against the real Redis (database 12 is this file's). */

const client = (name: string): ClientRecord => clientRecord(Provider.FATORA, '1', { id: 1, name, extra: [1, { deep: null }] }, { name });
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('REDIS_URL as logs and errors show it: no password anywhere in it', () => {
  test.each([
    ['redis://:hunter2@127.0.0.1:6379/0', 'redis://:***@127.0.0.1:6379/0'],
    ['redis://admin:hunter2@host:6379/0', 'redis://admin:***@host:6379/0'],
    ['redis://admin@host:6379', 'redis://***@host:6379'],
    // Review finding: a password in the query string was logged at boot.
    ['redis://host:6379/5?password=hunter2', 'redis://host:6379/5?password=***'],
    ['rediss://host/1?db=2&family=6&token=hunter2#hunter2', 'rediss://host/1?db=2&family=6&token=***'],
    ['redis://host:6379/0', 'redis://host:6379/0'],
    ['not a url', '(a malformed REDIS_URL)'],
  ])('%s → %s', (url, shown) => {
    expect(redactedUrl(url)).toBe(shown);
  });

  test('boot fails naming the URL without the password of its query string', async () => {
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', REDIS_URL: 'redis://127.0.0.1:1/3?password=hunter2' });
    await expect(createServer(config)).rejects.toThrow(new Error('Cannot reach Redis at redis://127.0.0.1:1/3?password=*** (ECONNREFUSED)'));
  });
});

await describeWithRedis(12, 'Redis stores', (url) => {
  let redis: Redis;
  const metrics = createStateMetrics(new Registry());
  beforeAll(() => { redis = new Redis(url); });
  afterAll(() => redis.quit());

  test('the update lock is released only by its owner: an expired lock taken by another stays theirs', async () => {
    const lock = new RedisUpdateLock(redis, metrics);
    const releaseFirst = await lock.acquire('k', 60_000);
    await redis.del(redisKey('lock', 'k')); // as if its ttl ran out
    const releaseSecond = await lock.acquire('k', 60_000);
    expect(await releaseFirst()).toBe(false);
    expect(await redis.exists(redisKey('lock', 'k'))).toBe(1);
    expect(await releaseSecond()).toBe(true);
    expect(await redis.exists(redisKey('lock', 'k'))).toBe(0);
  });

  test('a waiting update gets the lock once it is released, and the wait is counted', async () => {
    const lock = new RedisUpdateLock(redis, metrics);
    const release = await lock.acquire('w', 60_000);
    let got = false;
    const waiting = lock.acquire('w', 60_000).then((next) => { got = true; return next; });
    while ((await metrics.lockWaits.get()).values[0]?.value !== 1) await new Promise((resolve) => setImmediate(resolve));
    expect(got).toBe(false);
    await release();
    await (await waiting)();
    expect(got).toBe(true);
  });

  test('idempotency: one claim wins; only the holder of the value can settle it', async () => {
    const store = new RedisIdempotencyStore(redis, metrics);
    expect(await store.setIfAbsent('i', 'claim-a', 60_000)).toBe(true);
    expect(await store.setIfAbsent('i', 'claim-b', 60_000)).toBe(false);
    expect(await store.compareAndSet('i', 'claim-b', 'done-b', 60_000)).toBe(false);
    expect(await store.compareAndSet('i', 'claim-a', 'done-a', 60_000)).toBe(true);
    expect(await store.get('i')).toBe('done-a');
    expect(await store.compareAndSet('i', 'done-a', null, 60_000)).toBe(true);
    expect(await store.get('i')).toBeUndefined();
  });

  test.each<[string, () => ReadCache]>([
    ['on Redis', () => new RedisReadCache(redis, 60_000, 60_000, metrics, quiet)],
    ['in memory', () => new MemoryReadCache(60_000)],
  ])('read cache %s: a read under way during a write never stores its older answer', async (_where, make) => {
    const cache = make();
    const before = await cache.lookup('r');
    expect(before.hit).toBeUndefined();
    await cache.invalidate(['r']); // a write lands while that read is under way
    await cache.store('r', (before as { generation: string }).generation, client('old'));
    expect((await cache.lookup('r')).hit).toBeUndefined();
    const after = await cache.lookup('r');
    await cache.store('r', (after as { generation: string }).generation, client('new'));
    expect((await cache.lookup('r')).hit).toEqual(client('new'));
    await cache.invalidate(['r']);
    expect((await cache.lookup('r')).hit).toBeUndefined();
  });

  const APQ = { t: 'clients-graph:apq:{apq}:t', q: 'clients-graph:apq:{apq}:q', b: 'clients-graph:apq:{apq}:b' };
  const expiresIn = async (key: string) => Number(await redis.zscore(APQ.t, key)) - Date.now();

  test('the APQ cache keeps what Apollo stores, with its ttl in seconds', async () => {
    const cache = new RedisKeyValueCache(redis, metrics, 1024 * 1024);
    await cache.set('apq:x', '{ a }', { ttl: 300 });
    expect(await cache.get('apq:x')).toBe('{ a }');
    const ttl = await expiresIn('apq:x');
    expect(ttl).toBeGreaterThan(299_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
    expect(await cache.delete('apq:x')).toBe(true);
    expect(await cache.get('apq:x')).toBeUndefined();
  });

  test('an APQ entry stored without a ttl expires after 24 h all the same (review finding: they were kept for ever)', async () => {
    const cache = new RedisKeyValueCache(redis, metrics, 1024 * 1024);
    for (const options of [undefined, {}, { ttl: null }]) {
      await cache.set('apq:y', '{ b }', options);
      const ttl = await expiresIn('apq:y');
      expect(ttl).toBeGreaterThan(86_399_000);
      expect(ttl).toBeLessThanOrEqual(86_400_000);
    }
    expect(await redis.pttl(APQ.q)).toBeGreaterThan(86_399_000);
  });

  test('the APQ space never holds more than its budget: the oldest registrations go, other keys are never touched', async () => {
    await redis.del(APQ.q, APQ.t, APQ.b);
    const budget = 64 * 1024;
    const cache = new RedisKeyValueCache(redis, metrics, budget);
    await redis.set('clients-graph:idem:{fatora:x}:kept', 'a promise', 'PX', 60_000);
    const query = (i: number) => `{ client(id: "fatora:${i}") { id } } # ${'padding '.repeat(500)}`;
    for (let i = 0; i < 100; i++) await cache.set(`apq:${i}`, query(i), { ttl: 300 + i });
    const held = Number(await redis.get(APQ.b));
    expect(held).toBeLessThanOrEqual(budget);
    expect(held).toBeGreaterThan(budget - 5000);
    expect(await cache.get('apq:99')).toBe(query(99));
    expect(await cache.get('apq:0')).toBeUndefined();
    expect(await redis.hlen(APQ.q)).toBe(Math.floor(budget / query(99).length));
    expect(await redis.get('clients-graph:idem:{fatora:x}:kept')).toBe('a promise');
    // One registration larger than its cap is not kept at all.
    await cache.set('apq:huge', `{ a } # ${'x'.repeat(65 * 1024)}`);
    expect(await cache.get('apq:huge')).toBeUndefined();
    expect(await cache.get('apq:99')).toBe(query(99));
  });

  test('a query registered through the service expires after 24 h', async () => {
    const service = await startService({ env: { REDIS_URL: url } });
    try {
      const query = '{ client(id: "daftra:512") { id } }';
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const response = await fetch(service.url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      });
      expect(response.status).toBe(200);
      expect(await expiresIn(`apq:${sha256Hash}`)).toBeGreaterThan(86_399_000);
    } finally {
      await service.close();
    }
  });
});
