import { Redis } from 'ioredis';

/**
 * Tests of the shared state run against a real Redis: TEST_REDIS_URL, else 127.0.0.1:6379.
 * Each test file uses a database number of its own, and each run of it a key prefix of its own
 * (ioredis's `keyPrefix`, given in the URL), so two suites running at once on one machine never
 * see or delete each other's keys; a file deletes only its own prefix's keys. Where no Redis
 * answers, the file's tests do not run; one test says so in one line instead, and fails in
 * CI (CI=true), where a Redis is always there.
 */

const BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** This run's key prefix: every key the service and the tests write here starts with it. */
export const testKeyPrefix = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}-`;

export function redisTestUrl(db: number): string {
  return `${BASE.replace(/\/\d*$/, '')}/${db}?keyPrefix=${testKeyPrefix}`;
}

/** Deletes this run's keys in the database `db`; not ok when no Redis answers (with the reason). */
export async function flushTestDb(db: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  const redis = new Redis(redisTestUrl(db), { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  let lastError: NodeJS.ErrnoException | undefined;
  redis.on('error', (error: NodeJS.ErrnoException) => { lastError = error; });
  try {
    await redis.connect();
    // SCAN and KEYS patterns are not prefixed by ioredis; DEL's arguments are, so strip it.
    const own = await redis.keys(`${testKeyPrefix}*`);
    if (own.length > 0) await redis.del(...own.map((key) => key.slice(testKeyPrefix.length)));
    return { ok: true };
  } catch (error) {
    const cause = lastError ?? (error as NodeJS.ErrnoException);
    return { ok: false, reason: cause.code ?? cause.message };
  } finally {
    redis.disconnect();
  }
}

/** Defines the tests of `body` when Redis answers, else the one line that says why they did not run. */
export async function describeWithRedis(db: number, title: string, body: (url: string) => void): Promise<void> {
  const reachable = await flushTestDb(db);
  if (reachable.ok) {
    describe(title, () => body(redisTestUrl(db)));
    return;
  }
  const line = `did not run: no Redis at ${redisTestUrl(db)} (${reachable.reason}); set TEST_REDIS_URL or start redis-server`;
  test(`${title}: ${line}`, () => {
    console.warn(line);
    expect(process.env.CI === 'true' ? 'CI has a Redis, so these tests must run' : 'not run here').toBe('not run here');
  });
}
