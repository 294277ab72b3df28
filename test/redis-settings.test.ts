import { createHash } from 'node:crypto';
import { loadConfig, withProviders } from '../src/config.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { createServer } from '../src/server.js';
import { startRedisServer, type OwnRedis } from './helpers/redis-server.js';
import { startService } from './helpers/service.js';

/**
 * Redis settings the service depends on, on redis-servers of this file's own (a memory limit,
 * an eviction policy, CONFIG refused as on managed Redis).
 */

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { code } }
}`;

describe('Redis settings', () => {
  let sims: Simulators;
  beforeAll(async () => { sims = await startSimulators(); });
  afterAll(() => sims.close());

  const boot = async (redis: OwnRedis, env: Record<string, string> = {}) => {
    const lines: string[] = [];
    const config = withProviders(loadConfig({ HOST: '127.0.0.1', PORT: '0', REDIS_URL: redis.url, ...env }), sims.settings);
    const server = await createServer(config, { logDestination: { write: (line: string) => { lines.push(line); } } });
    return { server, logs: () => lines.map((line) => JSON.parse(line) as { level: number; msg: string }) };
  };

  test('a Redis that may evict idempotency keys (volatile-lru with a maxmemory) stops the boot, naming the setting; REDIS_ALLOW_EVICTION=true boots with an error line', async () => {
    const redis = await startRedisServer(['--maxmemory', '64mb', '--maxmemory-policy', 'volatile-lru']);
    try {
      const config = withProviders(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', REDIS_URL: redis.url }), sims.settings);
      await expect(createServer(config)).rejects.toThrow(new Error('Redis has maxmemory-policy volatile-lru with maxmemory 67108864: it may '
        + 'evict idempotency keys and update locks before their time, and a retried create would then be sent twice. Set maxmemory-policy '
        + 'noeviction (or REDIS_ALLOW_EVICTION=true to run anyway)'));
      const { server, logs } = await boot(redis, { REDIS_ALLOW_EVICTION: 'true' });
      await server.close();
      expect(logs().filter((line) => line.level === 50 && line.msg.startsWith('Redis has maxmemory-policy volatile-lru'))).toHaveLength(1);
    } finally {
      await redis.stop();
    }
  });

  test('a Redis that refuses CONFIG (managed Redis) boots with a warning saying what to check', async () => {
    const redis = await startRedisServer(['--rename-command', 'CONFIG', '']);
    try {
      const { server, logs } = await boot(redis);
      await server.close();
      expect(logs().filter((line) => line.level === 40 && line.msg.startsWith('Redis refused CONFIG GET maxmemory-policy'))).toHaveLength(1);
    } finally {
      await redis.stop();
    }
  });

  test('anonymous APQ registrations past Redis\'s whole memory push out only older registrations: idempotent creates still work', async () => {
    // Review finding: with noeviction and 64 MB, 1,080 padded registrations made every
    // idempotent create fail STATE_UNAVAILABLE; here 8 MB and twice that registered.
    const redis = await startRedisServer(['--maxmemory', '8mb', '--maxmemory-policy', 'noeviction']);
    const service = await startService({ simulators: sims, env: { REDIS_URL: redis.url, APQ_REDIS_MAX_BYTES: String(1024 * 1024) } });
    try {
      const register = async (i: number) => {
        const query = `{ client(id: "fatora:${1024 + (i % 5)}") { id } } # ${i} ${'padding '.repeat(7000)}`;
        const sha256Hash = createHash('sha256').update(query).digest('hex');
        const response = await fetch(service.url, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
        });
        return { status: response.status, sha256Hash };
      };
      const registered = [];
      for (let i = 0; i < 300; i += 10) registered.push(...await Promise.all(Array.from({ length: 10 }, (_, j) => register(i + j))));
      expect(registered.every((r) => r.status === 200)).toBe(true);
      const create = await service.gql(CREATE, { input: { provider: 'FATORA', name: 'Still Protected Ltd' }, key: 'after-the-flood' });
      expect(create.body.errors).toBeUndefined();
      expect(create.body.data.createClient.client.name).toBe('Still Protected Ltd');
      // The latest registration is kept; the first was pushed out.
      const ask = (hash: string) => fetch(service.url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
      }).then((r) => r.json() as Promise<{ errors?: Array<{ extensions: { code: string } }> }>);
      expect((await ask(registered.at(-1)!.sha256Hash)).errors).toBeUndefined();
      expect((await ask(registered[0]!.sha256Hash)).errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await service.close();
      await redis.stop();
    }
  }, 60_000);
});
