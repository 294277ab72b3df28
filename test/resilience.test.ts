import { Provider } from '../src/providers/index.js';
import { clientRecord } from '../src/clients/fields.js';
import type { RequestScope } from '../src/clients/scope.js';
import { fatora } from '../src/providers/fatora/index.js';
import { createMetrics } from '../src/observability/metrics.js';
import { gate } from '../src/providers/simulator-kit.js';
import { startService, until, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startService({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_BUDGET_MS: '5000', UPSTREAM_BREAKER_VOLUME: '1000' } });
});
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const READ = 'query ($id: ID!) { client(id: $id) { id name } }';
const read = (id: string) => service.gql(READ, { id });
const timed = async <T>(run: () => Promise<T>) => {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
};
const unavailable = { code: 503, result: 'failed', message: 'Maintenance' };

describe('reads are retried on 5xx, connection errors and 429', () => {
  test('two 503s, then an answer: the caller gets the client after three attempts', async () => {
    service.daftra.inject({ status: 503, body: unavailable, times: 2 });
    const { body } = await read('daftra:514');
    expect(body).toEqual({ data: { client: { id: 'daftra:514', name: 'Delta Foods' } } });
    expect(service.daftra.calls.map((c) => `${c.method} ${c.path}`)).toEqual(Array(3).fill('GET /clients/514'));
  });

  test('a reset connection is retried', async () => {
    service.fatora.inject({ reset: true });
    expect((await read('fatora:1024')).body.data.client.name).toBe('Client Name');
    expect(service.fatora.calls).toHaveLength(2);
  });

  test('UPSTREAM_RETRIES (2) bounds the attempts', async () => {
    service.ic.inject({ status: 502, body: { code: 502, message: 'Bad gateway' }, times: 5 });
    const { body } = await read('invisible-collector:345');
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(service.ic.calls).toHaveLength(3);
  });

  test('Retry-After in seconds is waited for', async () => {
    service.fatora.inject({ status: 429, body: { status: 'ERROR', error: 'slow down' }, headers: { 'retry-after': '1' } });
    const { result, ms } = await timed(() => read('fatora:1024'));
    expect(result.body.data.client.name).toBe('Client Name');
    expect(service.fatora.calls).toHaveLength(2);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  test('Retry-After as an HTTP date is waited for', async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    service.fatora.inject({ status: 429, body: { status: 'ERROR', error: 'slow down' }, headers: { 'retry-after': at } });
    const { result, ms } = await timed(() => read('fatora:1025'));
    expect(result.body.data.client.name).toBe('Nour Trading');
    expect(ms).toBeGreaterThanOrEqual(500);
  });

  test('a Retry-After beyond the cap fails at once as UPSTREAM_RATE_LIMITED with retryAfter', async () => {
    service.fatora.inject({ status: 429, body: { status: 'ERROR', error: 'slow down' }, headers: { 'retry-after': '3600' } });
    const { result, ms } = await timed(() => read('fatora:1024'));
    expect(result.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', provider: 'fatora', retryAfter: 3600 });
    expect(service.fatora.calls).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });
});

describe('writes are not retried blindly', () => {
  test('a create that met a 503 is not sent again', async () => {
    service.fatora.inject({ method: 'POST', status: 503, body: { status: 'FAILURE', error: 'down' }, times: 3 });
    const { body } = await service.gql('mutation { createClient(input: { provider: FATORA, name: "Once Only" }) { client { id } } }');
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(service.fatora.count('POST')).toBe(1);
  });

  test('a PUT that met a 503 or a reset is not sent again (it may have reached the provider)', async () => {
    service.fatora.inject({ method: 'PUT', status: 503, body: { status: 'FAILURE', error: 'down' }, times: 3 });
    const first = await service.gql('mutation { updateClient(id: "fatora:1025", input: { phone: "1" }) { client { id } } }');
    expect(first.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    service.fatora.inject({ method: 'PUT', reset: true, times: 3 });
    const second = await service.gql('mutation { updateClient(id: "fatora:1025", input: { phone: "2" }) { client { id } } }');
    expect(second.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(service.fatora.count('PUT')).toBe(2);
  });

  // Through the provider API itself: via the API, the read before the PUT would meet the
  // refused connection first.
  test('a PUT whose connection was refused is retried: it provably never arrived', async () => {
    const debug: Array<Record<string, unknown>> = [];
    const log = { debug: (entry: Record<string, unknown>) => debug.push(entry), info() {}, warn() {}, error() {} } as unknown as RequestScope['log'];
    const scope: RequestScope = { requestId: 'refused', overrides: {}, log, upstreamCalls: 0 };
    const api = fatora.createApi({ baseUrl: 'http://127.0.0.1:1/v1', headers: {} }, {
      timeoutMs: 300, budgetMs: 5000, retries: 2, retryAfterCapMs: 1000, maxSockets: 4, maxBodyBytes: 1024 * 1024,
      breaker: { errorThresholdPercentage: 50, volumeThreshold: 100, resetTimeoutMs: 1000 }, metrics: createMetrics(),
    });
    try {
      const current = clientRecord(Provider.FATORA, '1024', {}, { name: 'N', email: 'e@x.example' });
      await expect(api.update('1024', { phone: '1' }, current, scope))
        .rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'Fatora could not be reached (ECONNREFUSED)' });
      expect(debug.filter((entry) => entry.method === 'PUT' && entry.status === 'ECONNREFUSED').map((entry) => entry.attempt)).toEqual([1, 2]);
      expect(debug.at(-1)).toMatchObject({ method: 'PUT', route: 'clients/:id', attempts: 3 });
    } finally {
      api.close();
    }
  });
});

describe('time limits', () => {
  test('a provider slower than UPSTREAM_TIMEOUT_MS gives UPSTREAM_TIMEOUT in about that time, without retrying', async () => {
    // The answer is held until the test has its result: it can only time out.
    const held = gate();
    service.ic.inject({ hold: held.promise });
    const { result, ms } = await timed(() => read('invisible-collector:345'));
    held.open();
    expect(result.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'invisible-collector' });
    expect(result.body.errors[0].message).toBe('Invisible Collector did not answer within 300 ms');
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(1000);
    expect(service.ic.calls).toHaveLength(1);
  });

  test('a Retry-After longer than the call budget has left fails at once as rate limited', async () => {
    service.fatora.inject({ status: 429, body: { status: 'ERROR', error: 'slow down' }, headers: { 'retry-after': '8' } });
    const { result, ms } = await timed(() => read('fatora:1024'));
    expect(result.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', provider: 'fatora', retryAfter: 8 });
    expect(ms).toBeLessThan(500);
  });

  describe('with UPSTREAM_BUDGET_MS=1000', () => {
    let budgeted: TestService;
    beforeAll(async () => { budgeted = await startService({ env: { UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_BUDGET_MS: '1000' } }); });
    afterAll(() => budgeted.close());

    test('a retry that outlasts the call budget is cut off at the budget', async () => {
      // The retry's answer is held until the test has its result: only the budget can end it.
      const held = gate();
      budgeted.daftra.inject({ status: 503, body: unavailable });
      budgeted.daftra.inject({ hold: held.promise });
      const { result, ms } = await timed(() => budgeted.gql(READ, { id: 'daftra:512' }));
      held.open();
      expect(result.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'daftra' });
      expect(result.body.errors[0].message).toBe('Daftra did not answer within the call budget of 1000 ms');
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(1500);
      expect(budgeted.daftra.calls).toHaveLength(2);
    });
  });
});

describe('circuit breaker', () => {
  let fragile: TestService;
  beforeAll(async () => {
    fragile = await startService({
      env: { UPSTREAM_RETRIES: '0', UPSTREAM_BREAKER_VOLUME: '3', UPSTREAM_BREAKER_RESET_MS: '400' },
    });
  });
  afterAll(() => fragile.close());

  test('opens after repeated failures, fails fast without calling, and closes after a good probe', async () => {
    fragile.daftra.inject({ status: 503, body: unavailable, times: 3 });
    for (const id of ['daftra:512', 'daftra:513', 'daftra:514']) {
      const { body } = await fragile.gql(READ, { id });
      expect(body.errors[0].message).toBe('Daftra is unavailable (HTTP 503)');
    }
    expect(fragile.daftra.calls).toHaveLength(3);

    const fast = await timed(() => fragile.gql(READ, { id: 'daftra:512' }));
    expect(fast.result.body.errors[0]).toMatchObject({
      message: 'Daftra is failing; calls to it are paused for a moment (circuit open)',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'daftra' },
    });
    expect(fragile.daftra.calls).toHaveLength(3);
    expect(fast.ms).toBeLessThan(200);
    // Other providers are not affected.
    expect((await fragile.gql(READ, { id: 'fatora:1024' })).body.data.client.name).toBe('Client Name');
    expect(await metric(fragile, 'circuit_state{provider="daftra"}')).toBe('2');

    // Half-open once UPSTREAM_BREAKER_RESET_MS has passed, with still no call made.
    await until(async () => (await metric(fragile, 'circuit_state{provider="daftra"}')) === '1');
    expect(fragile.daftra.calls).toHaveLength(3);
    expect((await fragile.gql(READ, { id: 'daftra:512' })).body.data.client.name).toBe('John Smith');
    expect((await fragile.gql(READ, { id: 'daftra:513' })).body.data.client.name).toBe('Mona Hassan');
    expect(fragile.daftra.calls).toHaveLength(5);
    expect(await metric(fragile, 'circuit_state{provider="daftra"}')).toBe('0');
  });
});

async function metric(service: TestService, series: string): Promise<string | undefined> {
  const text = await (await fetch(service.url.replace('/graphql', '/metrics'))).text();
  return text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1];
}
