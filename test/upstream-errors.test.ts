import { Provider } from '../src/providers/index.js';
import { gate } from '../src/providers/simulator-kit.js';
import { startService, type TestService } from './helpers/service.js';

let service: TestService;
// A budget far above the retries' backoff (full jitter, up to 200 + 400 ms): with the default
// (2 × the 300 ms timeout) a loaded machine could spend it before the third attempt, and the
// tests that count attempts would then see two. It stays below the 429 test's Retry-After
// (7 s), which is therefore still not waited for; timeouts are never retried, so the timeout
// test still times out at 300 ms.
beforeAll(async () => { service = await startService({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_BUDGET_MS: '5000' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const read = (id: string) => service.gql(`query ($id: ID!) { client(id: $id) { id name } }`, { id });

function expectError(body: any, code: string, provider: string) {
  expect(body.data).toEqual({ client: null });
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].path).toEqual(['client']);
  expect(body.errors[0].extensions.code).toBe(code);
  expect(body.errors[0].extensions.provider).toBe(provider);
  expect(body.errors[0].extensions.stacktrace).toBeUndefined();
}

describe('upstream failures on reads map to one code each', () => {
  test('401 → UPSTREAM_UNAUTHORIZED', async () => {
    service.fatora.inject({ status: 401, body: { status: 'ERROR', error: 'Unauthorized' } });
    const { body } = await read('fatora:1024');
    expectError(body, 'UPSTREAM_UNAUTHORIZED', 'fatora');
    expect(body.errors[0].message).toBe('Fatora refused our credentials (HTTP 401)');
  });

  test("Daftra's HTML 401 → UPSTREAM_UNAUTHORIZED", async () => {
    service.daftra.inject({ status: 401, body: '<html><body>401 Unauthorized</body></html>' });
    expectError((await read('daftra:512')).body, 'UPSTREAM_UNAUTHORIZED', 'daftra');
  });

  test('429 → UPSTREAM_RATE_LIMITED with retryAfter', async () => {
    service.ic.inject({ status: 429, body: { code: 429, message: 'Too many requests' }, headers: { 'retry-after': '7' } });
    const { body } = await read('invisible-collector:345');
    expectError(body, 'UPSTREAM_RATE_LIMITED', 'invisible-collector');
    expect(body.errors[0].extensions.retryAfter).toBe(7);
  });

  test('503 on every attempt → UPSTREAM_UNAVAILABLE', async () => {
    service.daftra.inject({ status: 503, body: { code: 503, result: 'failed', message: 'Maintenance' }, times: 3 });
    expectError((await read('daftra:512')).body, 'UPSTREAM_UNAVAILABLE', 'daftra');
    expect(service.daftra.calls).toHaveLength(3);
  });

  test('connection reset on every attempt → UPSTREAM_UNAVAILABLE', async () => {
    service.fatora.inject({ reset: true, times: 3 });
    expectError((await read('fatora:1024')).body, 'UPSTREAM_UNAVAILABLE', 'fatora');
    expect(service.fatora.calls).toHaveLength(3);
  });

  test('connection refused → UPSTREAM_UNAVAILABLE', async () => {
    const refused = await startService({ providers: { [Provider.INVISIBLE_COLLECTOR]: { baseUrl: 'http://127.0.0.1:1', headers: {} } } });
    try {
      const { body } = await refused.gql(`{ client(id: "invisible-collector:345") { id name } }`);
      expectError(body, 'UPSTREAM_UNAVAILABLE', 'invisible-collector');
      expect(body.errors[0].message).toBe('Invisible Collector could not be reached (ECONNREFUSED)');
    } finally {
      await refused.close();
    }
  });

  test('no answer within UPSTREAM_TIMEOUT_MS → UPSTREAM_TIMEOUT, in about that time', async () => {
    // The answer is held until the test has its result: it can only time out.
    const held = gate();
    service.fatora.inject({ hold: held.promise });
    const started = Date.now();
    const { body } = await read('fatora:1024');
    held.open();
    expectError(body, 'UPSTREAM_TIMEOUT', 'fatora');
    expect(body.errors[0].message).toBe('Fatora did not answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('a body that is not JSON → UPSTREAM_BAD_RESPONSE', async () => {
    service.fatora.inject({ status: 200, body: '<html>maintenance page</html>' });
    expectError((await read('fatora:1024')).body, 'UPSTREAM_BAD_RESPONSE', 'fatora');
  });

  test('a 404 that is not the provider\'s own answer (wrong base URL, a proxy) → UPSTREAM_BAD_RESPONSE, not null', async () => {
    service.fatora.inject({ status: 404, body: '<html>Not Found</html>' });
    expectError((await read('fatora:1024')).body, 'UPSTREAM_BAD_RESPONSE', 'fatora');
    service.daftra.inject({ status: 404, body: { error: 'no route' } });
    expectError((await read('daftra:512')).body, 'UPSTREAM_BAD_RESPONSE', 'daftra');
    service.ic.inject({ status: 404, body: '' });
    const { body } = await read('invisible-collector:345');
    expectError(body, 'UPSTREAM_BAD_RESPONSE', 'invisible-collector');
    expect(body.errors[0].message).toBe('Invisible Collector sent a 404 that is not its own error answer (is the base URL right?)');
  });

  test('JSON not of the documented shape → UPSTREAM_BAD_RESPONSE', async () => {
    service.daftra.inject({ status: 200, body: { code: 200, result: 'successful', data: {} } });
    expectError((await read('daftra:512')).body, 'UPSTREAM_BAD_RESPONSE', 'daftra');
    service.ic.inject({ status: 200, body: [1, 2, 3] });
    expectError((await read('invisible-collector:345')).body, 'UPSTREAM_BAD_RESPONSE', 'invisible-collector');
  });
});

test('one provider failing never hides the others', async () => {
  service.daftra.inject({ path: /^\/clients\/512$/, status: 500, body: { code: 500, result: 'failed', message: 'boom' }, times: 3 });
  const { body } = await service.gql(`{
    f: client(id: "fatora:1024") { name }
    d: client(id: "daftra:512") { name }
    i: client(id: "invisible-collector:345") { name }
    all: clients(ids: ["daftra:513", "fatora:1025"]) { name }
  }`);
  expect(body.data).toEqual({
    f: { name: 'Client Name' }, d: null, i: { name: 'John Doe Inc.' }, all: [{ name: 'Mona Hassan' }, { name: 'Nour Trading' }],
  });
  expect(body.errors).toEqual([{
    message: 'Daftra is unavailable (HTTP 500)', locations: [{ line: 3, column: 5 }], path: ['d'],
    extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'daftra' },
  }]);
});

describe('an unconfigured provider', () => {
  let partial: TestService;
  beforeAll(async () => { partial = await startService({ providers: { [Provider.DAFTRA]: null } }); });
  afterAll(() => partial.close());

  test('is reported configured: false and its ids give PROVIDER_NOT_CONFIGURED with no call', async () => {
    const { body } = await partial.gql(`{ providers { provider configured } client(id: "daftra:512") { id } other: client(id: "fatora:1024") { id } }`);
    expect(body.data.providers).toContainEqual({ provider: 'DAFTRA', configured: false });
    expect(body.data.client).toBeNull();
    expect(body.data.other).toEqual({ id: 'fatora:1024' });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'PROVIDER_NOT_CONFIGURED', provider: 'daftra' });
    expect(partial.daftra.calls).toHaveLength(0);
  });

  test('createClient there is PROVIDER_NOT_CONFIGURED too', async () => {
    const { body } = await partial.gql(`mutation { createClient(input: { provider: DAFTRA, name: "X" }) { client { id } } }`);
    expect(body.errors[0].extensions.code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(partial.daftra.calls).toHaveLength(0);
  });
});

test('no credential ever appears in a response', async () => {
  service.fatora.inject({ status: 401, body: { status: 'ERROR', error: 'Unauthorized' } });
  service.daftra.inject({ reset: true, times: 3 });
  service.ic.inject({ status: 200, body: 'not json' });
  const { text } = await service.gql(`{
    a: client(id: "fatora:1024") { raw } b: client(id: "daftra:512") { raw } c: client(id: "invisible-collector:345") { raw }
    d: client(id: "fatora:1025") { raw }
  }`);
  for (const sim of [service.fatora, service.daftra, service.ic]) {
    for (const value of Object.values(sim.settings.headers)) {
      const secret = value.replace(/^Bearer /, '');
      expect(text).not.toContain(secret);
    }
  }
  expect(text).not.toContain('127.0.0.1');
});
