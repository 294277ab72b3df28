import { jest } from '@jest/globals';
import { Provider } from '../src/providers/index.js';
import { FATORA_SIMULATOR_API_KEY, type FatoraSimulator } from '../src/providers/fatora/simulator.js';
import { startService, type TestService } from './helpers/service.js';

const READ = 'query ($id: ID!) { client(id: $id) { id name } }';

/**
 * Fakes the clock alone (timers, sockets and retries keep real time), starting on a whole
 * second so a token's `exp` (whole seconds) is exactly its issue time plus its lifetime. The
 * service and the simulator run in this process, so both read this clock.
 */
function fakeClock(): { at(offsetMs: number): void } {
  const start = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  jest.useFakeTimers({
    now: start,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval',
      'setTimeout', 'clearTimeout'],
  });
  return { at: (offsetMs) => jest.setSystemTime(start + offsetMs) };
}

describe('Fatora bearer tokens from FATORA_API_KEY', () => {
  let service: TestService;
  let sim: FatoraSimulator;
  const authorizations = () => sim.count(undefined, /^\/Authorization\/Authorize$/);

  beforeAll(async () => {
    service = await startService({ apiKeyFor: { [Provider.FATORA]: FATORA_SIMULATOR_API_KEY } });
    sim = service.fatora as FatoraSimulator;
  });
  afterAll(() => service.close());
  beforeEach(() => service.resetCalls());

  test('a token is obtained once and reused', async () => {
    expect((await service.gql(READ, { id: 'fatora:1024' })).body.data.client.name).toBe('Client Name');
    expect((await service.gql(READ, { id: 'fatora:1025' })).body.data.client.name).toBe('Nour Trading');
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /Authorization/Authorize', 'GET /clients/1024', 'GET /clients/1025',
    ]);
  });

  test('a token is renewed shortly before its exp (a fifth of its lifetime before)', async () => {
    const clock = fakeClock();
    try {
      sim.tokenTtlSeconds = 10;
      sim.revokeTokens();
      await service.gql(READ, { id: 'fatora:1024' }); // 401, renewal (a 10 s token, exp at +10 s), retry
      expect(authorizations()).toBe(1);
      clock.at(7_900); // before the renewal point (+8 s): the token is used as it is
      await service.gql(READ, { id: 'fatora:1024' });
      expect(authorizations()).toBe(1);
      clock.at(8_100); // past the renewal point, still before exp: renewed before use
      expect((await service.gql(READ, { id: 'fatora:1024' })).body.data.client.name).toBe('Client Name');
      expect(authorizations()).toBe(2);
      // Renewed before use, so no request met a 401 for an expired token.
      expect(sim.count('GET', /^\/clients/)).toBe(4);
    } finally {
      jest.useRealTimers();
      sim.tokenTtlSeconds = 3600;
    }
  });

  test('a 401 renews the token once and retries the call', async () => {
    sim.revokeTokens();
    const { body } = await service.gql(READ, { id: 'fatora:1025' });
    expect(body).toEqual({ data: { client: { id: 'fatora:1025', name: 'Nour Trading' } } });
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /clients/1025', 'GET /Authorization/Authorize', 'GET /clients/1025',
    ]);
  });

  test('concurrent requests that meet a 401 share one renewal', async () => {
    sim.revokeTokens();
    const ids = Array.from({ length: 12 }, (_, i) => `fatora:${3000 + i}`);
    const results = await Promise.all(ids.map((id) => service.gql(READ, { id })));
    expect(results.map((r) => r.body.data.client.id)).toEqual(ids);
    expect(authorizations()).toBe(1);
  });

  test('a refused API key is UPSTREAM_UNAUTHORIZED', async () => {
    const wrong = await startService({ apiKeyFor: { [Provider.FATORA]: 'not-the-key' } });
    try {
      const { body } = await wrong.gql(READ, { id: 'fatora:1024' });
      expect(body.errors[0]).toMatchObject({ message: 'Fatora refused our API key', extensions: { code: 'UPSTREAM_UNAUTHORIZED', provider: 'fatora' } });
      expect(wrong.fatora.count('GET', /^\/clients/)).toBe(0);
    } finally {
      await wrong.close();
    }
  });
});

describe('per-request credentials (ALLOW_REQUEST_CREDENTIALS=true)', () => {
  let service: TestService;
  beforeAll(async () => { service = await startService({ env: { ALLOW_REQUEST_CREDENTIALS: 'true' } }); });
  afterAll(() => service.close());

  const tenant = (name: string) => ({
    'x-fatora-token': `tenant-${name}`, 'x-daftra-token': `tenant-${name}`, 'x-invisible-collector-token': `tenant-${name}`,
  });
  const create = (name: string, provider: string, extra = '') => service.gql(
    `mutation { createClient(input: { provider: ${provider}, name: "${name}" ${extra} }) { client { id name } userErrors { code } } }`,
    undefined, tenant(name.toLowerCase()),
  );

  test('tenant B never sees tenant A\'s clients, even under the same ids and at the same time', async () => {
    const a = await create('Alpha', 'FATORA');
    const b = await create('Beta', 'FATORA');
    // Each tenant's own (empty) Fatora account numbers its first client 5000.
    expect(a.body.data.createClient.client).toEqual({ id: 'fatora:5000', name: 'Alpha' });
    expect(b.body.data.createClient.client).toEqual({ id: 'fatora:5000', name: 'Beta' });
    const dA = await create('Alpha', 'DAFTRA');
    expect(dA.body.data.createClient.client).toEqual({ id: 'daftra:1000', name: 'Alpha' });

    const reads = await Promise.all(Array.from({ length: 20 }, (_, i) => {
      const who = i % 2 === 0 ? 'alpha' : 'beta';
      return service.gql(`{ f: client(id: "fatora:5000") { name } d: client(id: "daftra:1000") { name } }`, undefined, tenant(who))
        .then((r) => [who, r.body.data] as const);
    }));
    for (const [who, data] of reads) {
      expect(data).toEqual(who === 'alpha' ? { f: { name: 'Alpha' }, d: { name: 'Alpha' } } : { f: { name: 'Beta' }, d: null });
    }
    // The server's own account (no headers) has neither.
    expect((await service.gql(`{ client(id: "fatora:5000") { name } }`)).body.data.client).toBeNull();
    // And a tenant does not see the server's clients.
    expect((await service.gql(`{ client(id: "fatora:1024") { name } }`, undefined, tenant('beta'))).body.data.client).toBeNull();
  });

  test('a request credential makes an unconfigured provider usable for that request alone', async () => {
    const partial = await startService({ env: { ALLOW_REQUEST_CREDENTIALS: 'true' }, providers: { [Provider.INVISIBLE_COLLECTOR]: null } });
    try {
      const query = '{ providers { provider configured } }';
      const without = await partial.gql(query);
      expect(without.body.data.providers).toContainEqual({ provider: 'INVISIBLE_COLLECTOR', configured: false });
      const withToken = await partial.gql(query, undefined, { 'x-invisible-collector-token': 'tenant-x' });
      expect(withToken.body.data.providers).toContainEqual({ provider: 'INVISIBLE_COLLECTOR', configured: true });
    } finally {
      await partial.close();
    }
  });

  test('a subdomain that cannot be honoured is refused with 400 before any call', async () => {
    const { status, body } = await service.gql('{ client(id: "daftra:512") { id } }', undefined, {
      'x-daftra-token': 'tenant-a', 'x-daftra-subdomain': 'acme',
    });
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe('x-daftra-subdomain cannot be used here: this server sends all Daftra calls to one fixed URL');
  });
});

test('without ALLOW_REQUEST_CREDENTIALS, credential headers are ignored', async () => {
  const service = await startService();
  try {
    const { body } = await service.gql(READ, { id: 'fatora:1024' }, { 'x-fatora-token': 'tenant-zed' });
    expect(body.data.client.name).toBe('Client Name');
  } finally {
    await service.close();
  }
});
